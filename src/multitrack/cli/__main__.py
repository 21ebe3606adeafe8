from multitrack.cli.app import main

main()

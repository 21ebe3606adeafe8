"""Synthetic names and e-mail addresses from small built-in lists (no downloads).

Names mix several languages so that the demo exercises non-ASCII text; e-mail addresses use
the ASCII form and a number when a name repeats, at the reserved ``example.com`` domain.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import polars as pl

__all__ = ["names_and_emails"]


def _words(text: str) -> list[str]:
    return text.split()


FEMALE = _words("""
Ada Aiko Alba Alice Amara Amelia Ana Anja Astrid Aylin Beatriz Bianca Camille Carmen Chiara
Chloé Clara Dana Daria Elena Elif Elin Emma Eva Fatima Freya Grace Hana Ines Ingrid Irene
Isabel Jana Jasmin Julia Kaja Kamala Karin Lara Laura Lea Leila Lena Lina Lucia Lucy Maja
Malin Maria Marta Maya Mei Mia Mira Nadia Naomi Nina Noor Nora Olga Paula Priya Rosa Ruth
Sara Sofia Sophie Sun Tara Thea Una Vera Wanjiru Yara Yuki Zainab Zoë Zofia
""")

MALE = _words("""
Aarav Adam Ahmed Ali Anders Andrés Anton Arjun Ben Bruno Carlos Chen Daniel David Diego
Elias Emil Erik Felix Finn Gabriel Hamza Hans Hugo Ibrahim Igor Ivan Jakob James Jan Javier
Jonas Jorge José Juan Kai Karim Kenji Kofi Lars Leo Liam Luca Lucas Luis Marco Mateo Max
Mehmet Miguel Milan Mohammed Nikolai Noah Olaf Omar Oscar Pablo Paul Pedro Rafael Ravi Rui
Samuel Santiago Sebastian Stefan Tariq Theo Tomás Viktor Wei Yusuf Zoltan
""")

FAMILY = _words("""
Abara Adeyemi Ahmed Almeida Andersen Aydın Bauer Becker Bergström Bianchi Brown Castro Chen
Costa Dahl Das Dubois Eriksson Fernandes Fischer Fontaine García Gómez Gonzalez Gupta Haddad
Hansen Hernández Hoffmann Horvat Huang Ibrahim Ivanova Jansen Jensen Johansson Kaya Kim
Kowalski Kumar Larsen Laurent Lee Lehmann Li Lindqvist Liu López Martin Martínez Meyer
Mohamed Moreau Müller Nakamura Nguyen Nielsen Novak Okafor Olsen Ortiz Patel Pereira Petrov
Popescu Quispe Rahman Ramos Reyes Ricci Rodríguez Romero Rossi Ruiz Sánchez Santos Sato
Schmidt Schneider Silva Singh Smith Sokolov Suzuki Svensson Tanaka Taylor Torres Vargas
Wagner Walker Wang Weber Williams Wójcik Wu Yamamoto Yılmaz Zhang Zimmermann
""")


def _ascii(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "")


def names_and_emails(female: np.ndarray, rng: np.random.Generator) -> tuple[pl.Series, pl.Series]:
    """A full name and a unique e-mail address per person (first names follow gender)."""
    n = len(female)
    f_pick = rng.integers(0, len(FEMALE), n)
    m_pick = rng.integers(0, len(MALE), n)
    first_all = np.array(FEMALE + MALE, dtype=object)
    first_code = np.where(female, f_pick, len(FEMALE) + m_pick)
    last_code = rng.integers(0, len(FAMILY), n)
    first = pl.Series(first_all.tolist(), dtype=pl.String)
    last = pl.Series(FAMILY, dtype=pl.String)
    first_ascii = pl.Series([_ascii(w) for w in first_all], dtype=pl.String)
    last_ascii = pl.Series([_ascii(w) for w in FAMILY], dtype=pl.String)
    pair = first_code.astype(np.int64) * len(FAMILY) + last_code
    frame = pl.DataFrame(
        {
            "first": first.gather(first_code),
            "last": last.gather(last_code),
            "key": first_ascii.gather(first_code) + "." + last_ascii.gather(last_code),
            "pair": pair,
        }
    ).with_columns(nth=pl.col("pair").cum_count().over("pair"))
    email = frame.select(
        pl.when(pl.col("nth") > 1)
        .then(pl.col("key") + pl.col("nth").cast(pl.String))
        .otherwise(pl.col("key"))
        + "@example.com"
    ).to_series()
    name = frame.select(pl.col("first") + " " + pl.col("last")).to_series()
    return name.alias("name"), email.alias("email")

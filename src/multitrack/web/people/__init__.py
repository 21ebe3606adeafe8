"""People, pay records, history events, FX rates, demographics and the organisation."""

"""Partners and press: what partner organisations host for courses, press coverage and published translations."""

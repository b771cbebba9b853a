"""Impact: the programme's figures by year and academy, as a dashboard, spreadsheet, PDF report and public data."""

"""DataFrame -> plotly Figure, by kind: style (colours, type, layout), axes (months, fiscal years),
trends, bars, maps, heatmaps and deck (the Briefing's chart specs). Pages import the kinds they draw.

Pure functions: they choose columns, never reshape data or read files. Every chart uses one colour per
service (services.colour, passed in as a dict) and a Thai-capable font. Every text that comes from the
data (names, titles, free-text issues, categories, event types) goes through esc() / esc_all() before it
becomes a category, tick, legend entry, hover or label: plotly draws <a href>, <span style> and <b> in
text, and a value from a file must show as the characters it holds. Dates on axes follow the reader's
era: Buddhist Era in Thai, CE in English. Maps are plotly Choroplethmap with map_style "white-bg":
WebGL, no tiles, nothing fetched from the network.
"""

"""Images: what an image's derivatives are (specs), Pillow's work on bytes (pillow), published originals without
metadata (strip), share cards (cards), and the records pages are made from (catalog). The files are read and
the made images kept by the store, cache/images.py; output/pictures.py writes the markup."""

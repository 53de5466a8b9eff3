"""Page scans: finding a page's image, reading it (JPEG, PNG, TIFF, first page of a PDF), and
writing it with its Deep Zoom tiles into Django's default storage. Knows nothing of HTTP."""

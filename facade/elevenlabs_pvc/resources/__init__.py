"""The client's resources, grouped like the API (and the official SDK): ``client.samples.speakers``..."""

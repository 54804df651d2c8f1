package config

// Load reads the settings; the default file is relative to the working directory.
func Load() Settings {
	return read(path())
}

func path() string {
	return "./shop.toml"
}

package cards

// icons.go is generated from the stylesheet of the Debian package
// fonts-materialdesignicons-webfont and committed, so a build never needs the package.
//go:generate go run ./internal/genicons -css /usr/share/fonts-materialdesignicons-webfont/css/materialdesignicons.css -o icons.go

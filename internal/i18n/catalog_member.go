package i18n

// memberCatalog holds the member domain's messages.
var memberCatalog = map[string][2]string{}

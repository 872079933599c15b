package i18n

// orgCatalog holds the org domain's messages.
var orgCatalog = map[string][2]string{}

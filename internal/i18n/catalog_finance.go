package i18n

// financeCatalog holds the finance domain's messages.
var financeCatalog = map[string][2]string{}

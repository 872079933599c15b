package i18n

// announcementCatalog holds the announcement domain's messages.
var announcementCatalog = map[string][2]string{}

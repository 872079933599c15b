package i18n

// meetingCatalog holds the meeting domain's messages.
var meetingCatalog = map[string][2]string{}

package sqlstore

// IsPeriodClosedErr is isPeriodClosedErr, for the tests of package sqlstore_test.
var IsPeriodClosedErr = isPeriodClosedErr

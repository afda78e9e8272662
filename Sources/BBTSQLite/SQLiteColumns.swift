import BBTEngine
import BBTTemplates
import GRDB

// Moments, months and periods are stored as their text (`2023-07-03T01:30:00Z`, `2024-12`,
// `2024Q2`), which sorts as they do; read back through `Row.decode`, which throws on text that is
// not one rather than stopping the process.

extension Instant: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Instant? {
        String.fromDatabaseValue(dbValue).flatMap(Instant.init)
    }
}

extension Month: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Month? {
        String.fromDatabaseValue(dbValue).flatMap(Month.init)
    }
}

extension Period: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Period? {
        String.fromDatabaseValue(dbValue).flatMap(Period.init)
    }
}

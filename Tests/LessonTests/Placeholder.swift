import XCTest
final class LessonTestsPlaceholder: XCTestCase { func testBuilds() {} }

// Parser tests: the grammar accepts the slides' code and rejects bad input with a caret and an expectation.
import XCTest
@testable import GradScript

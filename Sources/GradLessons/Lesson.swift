// Lesson.swift: the lesson model, the value a markdown lesson file parses into.
//
// A lesson is an ordered list of items: prose (markdown kept as source text, rendered later for the
// terminal or HTML), runnable code blocks (each with an optional expected output and the hints that
// precede it), and hints. Non-goals: parsing (LessonParser.swift), running (LessonRunner.swift).

/// What the runner does with a runnable block, from the markers in its info string
/// (```` ```python gradstep nocheck ````).
public enum BlockMode: String, Sendable, Equatable {
    /// Run and compare the output with the expected-output block that follows (if any).
    case check
    /// Run, but do not compare the output (timings, progress, anything not reproducible).
    case nocheck
    /// Show, never run (pseudo-code, or an exercise left to the learner).
    case skip
}

/// The part a block plays in an exercise (markers `exercise`, `solution`, `checks`).
public enum BlockRole: String, Sendable, Equatable {
    /// An ordinary block of the lesson.
    case plain
    /// The starting block the learner completes: code with blanks (`...`). Shown, never run by a replay.
    case exercise
    /// The worked answer: hidden in `learn` until asked for; run by every replay (`run`, `check`).
    case solution
    /// The exercise's assertions (`assert cond, "what is still wrong"`): run after the learner's answer
    /// in `learn`, and after the solution in every replay, so a solution that rots fails `check`.
    case checks
}

/// One runnable block of a lesson: a fenced code block whose info string holds the word `gradstep`.
public struct CodeBlock: Sendable, Equatable {
    /// 1-based number among the lesson's runnable blocks (what `--upto N` and messages use).
    public var number: Int
    /// The code, without the fences.
    public var source: String
    /// Line (1-based, in the lesson file) of the first line of code; line of the opening fence + 1.
    public var line: Int
    public var mode: BlockMode
    /// The block must raise an error (marker `raises`); its expected output then includes the message.
    public var raises: Bool
    /// `%%time` / `%%timeit` on a notebook cell (NotebookLesson.swift): the runner reports the time.
    public var timing: TimingMagic? = nil
    /// The expected output (the ```` ```output ```` block right after it), nil when none is written.
    public var expected: String?
    /// Line of the first line of the expected output, when there is one.
    public var expectedLine: Int?
    /// Hints written (as `> **Hint:** ...` block quotes) between the previous runnable block and this one.
    public var hints: [String]
    /// Its part in an exercise (`.plain` for ordinary blocks).
    public var role: BlockRole

    public init(
        number: Int, source: String, line: Int, mode: BlockMode = .check, raises: Bool = false,
        expected: String? = nil, expectedLine: Int? = nil, hints: [String] = [], role: BlockRole = .plain
    ) {
        self.number = number
        self.source = source
        self.line = line
        self.mode = mode
        self.raises = raises
        self.expected = expected
        self.expectedLine = expectedLine
        self.hints = hints
        self.role = role
    }
}

/// An exercise: a task (the prose before it), a starting block with blanks, hints, a hidden solution
/// and the assertions that decide whether an answer is right. Indices are into `Lesson.blocks`.
public struct Exercise: Sendable, Equatable {
    /// 1-based number among the lesson's exercises (the key in the progress file).
    public var number: Int
    /// The heading above it (`Exercise: the learning rate`), or `Exercise N`.
    public var title: String
    public var starter: Int
    public var solution: Int
    public var checks: Int
    /// Every hint written between the task and the checks, in order (shown one at a time).
    public var hints: [String]
    public init(number: Int, title: String, starter: Int, solution: Int, checks: Int, hints: [String]) {
        self.number = number
        self.title = title
        self.starter = starter
        self.solution = solution
        self.checks = checks
        self.hints = hints
    }
}

/// Markdown prose between blocks, kept as its source text so each front end renders it its own way.
public struct Prose: Sendable, Equatable {
    public var markdown: String
    public var line: Int
    public init(markdown: String, line: Int) {
        self.markdown = markdown
        self.line = line
    }
}

public enum LessonItem: Sendable, Equatable {
    case prose(Prose)
    /// Index into `Lesson.blocks`.
    case block(Int)
    /// A hint (markdown), also attached to the next runnable block's `hints`.
    case hint(Prose)
}

/// A parsed lesson file.
public struct Lesson: Sendable {
    /// The path the lesson was read from (as given, used in `file:line` messages).
    public var path: String
    /// The file name without `.md`, e.g. `03-loss`; the key in the progress file.
    public var name: String
    /// The first level-1 heading, or front matter `title:`, or the name.
    public var title: String
    /// The seed every replay starts from (front matter `seed:`; 0 when absent).
    public var seed: UInt64
    /// The longest one block may run in `run`/`check`, in seconds (front matter `timeout:`; nil:
    /// the default limit).
    public var timeout: Double?
    public var items: [LessonItem]
    public var blocks: [CodeBlock]
    public var exercises: [Exercise]

    public init(
        path: String, name: String, title: String, seed: UInt64, items: [LessonItem], blocks: [CodeBlock],
        exercises: [Exercise] = []
    ) {
        self.path = path
        self.name = name
        self.title = title
        self.seed = seed
        self.items = items
        self.blocks = blocks
        self.exercises = exercises
    }

    /// The exercise whose starting block is `blocks[index]`.
    public func exercise(startingAt index: Int) -> Exercise? { exercises.first { $0.starter == index } }
    /// The exercise that block `index` belongs to (starter, solution or checks).
    public func exercise(containing index: Int) -> Exercise? {
        exercises.first { $0.starter <= index && index <= $0.checks }
    }
}

/// Errors in finding, reading or parsing lessons. `description` is the whole message shown to the user.
public struct LessonError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

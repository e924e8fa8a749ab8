// TerminalCapabilities: what the terminal can show (colours, size, whether it is a terminal at all).
//
// Colour detection, in order: `NO_COLOR` (any non-empty value) turns colour off; `GRADSTEP_COLOR`
// (`truecolor`, `256`, `none`) forces a mode; output that is not a terminal gets no colour;
// `COLORTERM=truecolor|24bit` means 24-bit colour; a `TERM` naming 256 colours (or a terminal known
// to have them) means the 256-colour palette; `TERM=dumb` or anything else means no colour, and
// pictures fall back to an ASCII ramp.
//
// Non-goals: terminfo lookups, 16-colour palettes, Windows consoles.

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How many colours pictures may use.
public enum ColorMode: String, Sendable, Equatable, CaseIterable {
    /// 24-bit `ESC[38;2;r;g;bm` colours.
    case trueColor
    /// The xterm 256-colour palette (6×6×6 cube and 24 greys).
    case ansi256
    /// No escape sequences at all: pictures use an ASCII ramp.
    case none
}

/// What the terminal attached to this process can display.
public struct TerminalCapabilities: Sendable, Equatable {
    public var colorMode: ColorMode
    /// Columns available for output (80 when unknown). For a detected terminal it is read from the
    /// kernel each time it is used, so what is drawn after a resize fits the new width.
    public var columns: Int {
        get {
            if let fd = liveColumnsFD {
                let c = TerminalSize.columns(fd)
                if c > 0 { return c }
            }
            return fixedColumns
        }
        set {
            fixedColumns = newValue
            liveColumnsFD = nil
        }
    }
    private var fixedColumns: Int
    /// The terminal whose width `columns` follows (nil: the fixed width).
    public private(set) var liveColumnsFD: Int32?
    /// Rows of the terminal (24 when unknown).
    public var rows: Int
    public var stdinIsTerminal: Bool
    public var stdoutIsTerminal: Bool
    public var stderrIsTerminal: Bool

    public init(
        colorMode: ColorMode, columns: Int = 80, rows: Int = 24,
        stdinIsTerminal: Bool = false, stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false
    ) {
        self.colorMode = colorMode
        self.fixedColumns = columns
        self.liveColumnsFD = nil
        self.rows = rows
        self.stdinIsTerminal = stdinIsTerminal
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// Plain output: no colour, 80 columns (what tests and pipes see).
    public static let plain = TerminalCapabilities(colorMode: .none)

    /// Detects the capabilities of this process's standard streams and environment.
    public static func detect(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TerminalCapabilities {
        let inTTY = isatty(0) != 0, outTTY = isatty(1) != 0, errTTY = isatty(2) != 0
        let mode = colorMode(environment: environment, isTerminal: outTTY)
        var cols = TerminalSize.columns(1)
        if cols == 0 { cols = TerminalSize.columns(2) }
        if cols == 0, let c = environment["COLUMNS"].flatMap({ Int($0) }), c > 0 { cols = c }
        var rows = TerminalSize.rows(1)
        if rows == 0, let r = environment["LINES"].flatMap({ Int($0) }), r > 0 { rows = r }
        var caps = TerminalCapabilities(
            colorMode: mode, columns: cols > 0 ? cols : 80, rows: rows > 0 ? rows : 24,
            stdinIsTerminal: inTTY, stdoutIsTerminal: outTTY, stderrIsTerminal: errTTY)
        caps.liveColumnsFD = TerminalSize.columns(1) > 0 ? 1 : TerminalSize.columns(2) > 0 ? 2 : nil
        return caps
    }

    /// The colour mode the environment asks for (pure function of its inputs, for tests).
    public static func colorMode(environment env: [String: String], isTerminal: Bool) -> ColorMode {
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return .none }
        if let forced = env["GRADSTEP_COLOR"]?.lowercased() {
            switch forced {
            case "truecolor", "24bit", "24-bit": return .trueColor
            case "256", "ansi256": return .ansi256
            case "none", "no", "off", "0": return .none
            default: break
            }
        }
        guard isTerminal else { return .none }
        let term = (env["TERM"] ?? "").lowercased()
        if term == "dumb" || term.isEmpty { return .none }
        let colorterm = (env["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" { return .trueColor }
        if term.contains("256color") || term.contains("truecolor") || term.contains("direct") { return .ansi256 }
        let known256 = ["xterm-kitty", "alacritty", "wezterm", "foot", "xterm-ghostty", "tmux", "screen"]
        if known256.contains(where: { term.hasPrefix($0) }) { return .ansi256 }
        return .none
    }
}

/// The size of the terminal on a file descriptor, from the kernel (TIOCGWINSZ).
public enum TerminalSize {
    /// Columns of the terminal on `fd`, or 0 when it is not a terminal.
    public static func columns(_ fd: Int32) -> Int { size(fd)?.ws_col.nonZero ?? 0 }
    /// Rows of the terminal on `fd`, or 0 when it is not a terminal.
    public static func rows(_ fd: Int32) -> Int { size(fd)?.ws_row.nonZero ?? 0 }

    private static func size(_ fd: Int32) -> winsize? {
        var ws = winsize()
        return ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0 ? ws : nil
    }
}

private extension UInt16 {
    var nonZero: Int? { self > 0 ? Int(self) : nil }
}

/// SGR escape sequences for the colour modes (empty strings when colour is off).
public enum ANSI {
    public static let reset = "\u{1B}[0m"
    public static let bold = "\u{1B}[1m"
    public static let dim = "\u{1B}[2m"

    /// Foreground colour for `rgb` (components 0...255) in `mode`.
    public static func fg(_ rgb: RGB, _ mode: ColorMode) -> String {
        switch mode {
        case .trueColor: return "\u{1B}[38;2;\(rgb.r);\(rgb.g);\(rgb.b)m"
        case .ansi256: return "\u{1B}[38;5;\(rgb.palette256)m"
        case .none: return ""
        }
    }

    /// Background colour for `rgb` in `mode`.
    public static func bg(_ rgb: RGB, _ mode: ColorMode) -> String {
        switch mode {
        case .trueColor: return "\u{1B}[48;2;\(rgb.r);\(rgb.g);\(rgb.b)m"
        case .ansi256: return "\u{1B}[48;5;\(rgb.palette256)m"
        case .none: return ""
        }
    }

    /// Removes SGR escape sequences (for measuring visible width).
    public static func strip(_ s: String) -> String {
        var out = ""
        var inEscape = false
        for ch in s.unicodeScalars {
            if inEscape {
                if ch == "m" { inEscape = false }
                continue
            }
            if ch == "\u{1B}" {
                inEscape = true
                continue
            }
            out.unicodeScalars.append(ch)
        }
        return out
    }

    /// Visible width of `s` in terminal columns (one per scalar after stripping escapes).
    public static func visibleWidth(_ s: String) -> Int { strip(s).unicodeScalars.count }
}

/// A 24-bit colour.
public struct RGB: Sendable, Equatable {
    public var r: Int, g: Int, b: Int
    public init(_ r: Int, _ g: Int, _ b: Int) {
        self.r = max(0, min(255, r))
        self.g = max(0, min(255, g))
        self.b = max(0, min(255, b))
    }

    /// Nearest entry of the xterm 256-colour palette: the grey ramp (232...255) for greys, the
    /// 6×6×6 cube (16...231) otherwise.
    public var palette256: Int {
        if abs(r - g) < 8 && abs(g - b) < 8 {
            let grey = (r + g + b) / 3
            if grey < 4 { return 16 }
            if grey > 246 { return 231 }
            return 232 + min(23, (grey - 3) / 10)
        }
        func level(_ v: Int) -> Int { v < 48 ? 0 : (v < 115 ? 1 : (v - 35) / 40) }
        return 16 + 36 * level(r) + 6 * level(g) + level(b)
    }

    /// Linear interpolation between two colours, t in 0...1.
    static func mix(_ a: RGB, _ b: RGB, _ t: Double) -> RGB {
        let t = max(0, min(1, t))
        return RGB(
            Int((Double(a.r) + (Double(b.r) - Double(a.r)) * t).rounded()),
            Int((Double(a.g) + (Double(b.g) - Double(a.g)) * t).rounded()),
            Int((Double(a.b) + (Double(b.b) - Double(a.b)) * t).rounded()))
    }
}

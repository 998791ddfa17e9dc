import Foundation

/// The questions of `topics.yaml`, asked one at a time in English or Kiswahili, turned into a
/// `SystemProfile`. A value: the shell shows each step and feeds back what the officer typed.
///
/// ```swift
/// var interview = ChecklistInterview(catalog: catalog, language: .sw)
/// var step = interview.step
/// while case let .ask(question) = step {
///     guard let line = readLine(question.prompt) else { break }
///     step = interview.answer(line)
/// }
/// if case let .done(profile) = step { … run `check` with profile.invocation() … }
/// ```
public struct ChecklistInterview: Sendable {
    /// A question as the officer sees it.
    public struct Question: Equatable, Sendable {
        /// 1-based position and count, for "(3/10)".
        public var number: Int
        public var total: Int
        public var text: String
        /// Numbered answers of a choice question; empty for yes/no.
        public var choices: [String]
        /// What to type: `yes/no`, `ndiyo/hapana`, `1-4`.
        public var hint: String
        /// Set when the previous answer was not understood.
        public var retry: String?

        /// The whole prompt: the question, its choices, then the hint line where the answer goes.
        public var prompt: String {
            var lines: [String] = []
            if let retry { lines.append(retry) }
            lines.append("(\(number)/\(total)) \(text)")
            lines += choices.enumerated().map { "  \($0 + 1). \($1)" }
            lines.append("[\(hint)] ")
            return lines.joined(separator: "\n")
        }
    }

    public enum Step: Equatable, Sendable {
        case ask(Question)
        case done(SystemProfile)
        /// The officer typed quit (toka): no checklist.
        case abandoned
    }

    public let catalog: TopicCatalog
    /// English or Kiswahili; any other value asks in English.
    public let language: Language
    public private(set) var profile = SystemProfile()
    public private(set) var step: Step
    private var position = 0

    static let yes: Set<String> = ["y", "yes", "ndiyo", "ndio", "ndyo", "eeh", "ee"]
    static let no: Set<String> = ["n", "no", "hapana", "la", "hakuna"]
    static let quit: Set<String> = ["quit", "q", "toka", "exit", "acha"]

    public init(catalog: TopicCatalog, language: Language?) {
        self.catalog = catalog
        self.language = language == .sw ? .sw : .en
        step = .done(SystemProfile())
        step = question(retry: nil)
    }

    /// Takes the answer to the current question and returns what comes next.
    @discardableResult
    public mutating func answer(_ text: String) -> Step {
        guard case .ask = step, position < catalog.questions.count else { return step }
        let answer = text.trimmingSpaces().lowercased()
        if Self.quit.contains(answer) {
            step = .abandoned
            return step
        }
        let current = catalog.questions[position]
        if current.isChoice {
            let byNumber = Int(answer).flatMap { (1...current.choices.count).contains($0) ? current.choices[$0 - 1] : nil }
            guard let choice = byNumber ?? current.choices.first(where: { $0.id == answer }) else {
                step = question(retry: language == .sw ? "Andika namba ya jibu, 1 hadi \(current.choices.count)." : "Type the number of an answer, 1 to \(current.choices.count).")
                return step
            }
            profile.hosting = choice.id
        } else if Self.yes.contains(answer) {
            profile.switches.insert(current.flag)
        } else if !Self.no.contains(answer) {
            step = question(retry: language == .sw ? "Jibu ndiyo au hapana." : "Please answer yes or no.")
            return step
        }
        position += 1
        step = question(retry: nil)
        return step
    }

    private func question(retry: String?) -> Step {
        guard position < catalog.questions.count else { return .done(profile) }
        let current = catalog.questions[position]
        let choices = current.choices.map { $0.text(in: language) }
        let hint = current.isChoice ? "1-\(choices.count)" : (language == .sw ? "ndiyo/hapana" : "yes/no")
        return .ask(Question(number: position + 1, total: catalog.questions.count, text: current.text(in: language),
                             choices: choices, hint: hint, retry: retry))
    }
}

import Foundation
import Yams

/// One heading of a checklist: the nine e-GA architecture areas plus "Law and approvals".
public struct TopicArea: Equatable, Sendable {
    public var id: String
    public var en: String
    public var sw: String

    public init(id: String, en: String, sw: String) {
        self.id = id
        self.en = en
        self.sw = sw
    }

    /// The name in `language`; English unless Kiswahili is asked for.
    public func name(in language: Language?) -> String { language == .sw ? sw : en }
    /// The name in the other language, shown beside it.
    public func otherName(in language: Language?) -> String { language == .sw ? en : sw }
}

/// A topic tag: what clauses carrying it are about, and the words that find untagged clauses.
public struct Topic: Equatable, Sendable {
    public var id: String
    /// The `TopicArea.id` the topic is listed under.
    public var area: String
    public var en: String
    public var sw: String
    /// Words and phrases (either language) that select a clause without tags through its text.
    public var words: [String]

    public init(id: String, area: String, en: String, sw: String, words: [String] = []) {
        self.id = id
        self.area = area
        self.en = en
        self.sw = sw
        self.words = words
    }

    /// The meaning in `language`; English unless Kiswahili is asked for.
    public func meaning(in language: Language?) -> String { language == .sw ? sw : en }
}

/// A `sera check` flag and the topics it selects.
public struct FlagRule: Equatable, Sendable {
    public var name: String
    public var topics: [String]

    public init(name: String, topics: [String]) {
        self.name = name
        self.topics = topics
    }
}

/// One answer of a choice question, and the flags it stands for.
public struct QuestionChoice: Equatable, Sendable {
    /// Also the value of `sera check --hosting`.
    public var id: String
    public var en: String
    public var sw: String
    public var flags: [String]

    public init(id: String, en: String, sw: String, flags: [String]) {
        self.id = id
        self.en = en
        self.sw = sw
        self.flags = flags
    }

    public func text(in language: Language?) -> String { language == .sw ? sw : en }
}

/// A question the shell asks about the planned system: yes/no for a flag, or a choice.
public struct CheckQuestion: Equatable, Sendable {
    public var flag: String
    public var en: String
    public var sw: String
    /// Empty for a yes/no question.
    public var choices: [QuestionChoice]

    public init(flag: String, en: String, sw: String, choices: [QuestionChoice] = []) {
        self.flag = flag
        self.en = en
        self.sw = sw
        self.choices = choices
    }

    public var isChoice: Bool { !choices.isEmpty }
    public func text(in language: Language?) -> String { language == .sw ? sw : en }
}

/// The applicability data of a corpus, from `corpus/topics.yaml`: which topics exist, which
/// area each belongs to, which flag selects which topics, and what the shell asks.
public struct TopicCatalog: Equatable, Sendable {
    public static let fileName = "topics.yaml"
    /// The flag that applies to every planned system.
    public static let alwaysFlag = "always"
    /// The flag the hosting question's choices stand for besides `cloud`.
    public static let hostingFlag = "hosting"

    /// In report order.
    public var areas: [TopicArea]
    public var topics: [Topic]
    public var flags: [FlagRule]
    public var questions: [CheckQuestion]

    public init(areas: [TopicArea], topics: [Topic], flags: [FlagRule], questions: [CheckQuestion]) {
        self.areas = areas
        self.topics = topics
        self.flags = flags
        self.questions = questions
    }

    public func topic(_ id: String) -> Topic? { topics.first { $0.id == id } }
    public func area(_ id: String) -> TopicArea? { areas.first { $0.id == id } }
    public func flag(_ name: String) -> FlagRule? { flags.first { $0.name == name } }

    /// The choices of the hosting question: the values `--hosting` accepts.
    public var hostingChoices: [QuestionChoice] {
        questions.first { $0.flag == Self.hostingFlag }?.choices ?? []
    }

    /// Topics that some flag (or `always`) selects; a clause whose first topic is none of
    /// these (a cyber offence, say) is about something a checklist does not list.
    public var selectableTopics: Set<String> { Set(flags.flatMap(\.topics)) }

    /// Loads `topics.yaml` from a corpus directory.
    /// - Throws: `CorpusError.invalidFile` naming the first problem (file and line); `sera lint`
    ///   lists them all.
    public static func load(corpus directory: URL) throws -> TopicCatalog {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CorpusError.invalidFile(CorpusProblem(
                file: fileName, message: "missing in \(directory.path): sera check needs its topics and flags (docs/corpus-format.md, \"Topics\")"))
        }
        let (catalog, problems) = parse(try CorpusFile.readUTF8(url, name: fileName))
        if let first = problems.first { throw CorpusError.invalidFile(first) }
        return catalog
    }

    /// Parses and checks the file: areas referenced exist, flags name known topics and are
    /// flags `sera check` has, questions ask about flags that exist. Returns every problem.
    public static func parse(_ text: String, file: String = fileName) -> (catalog: TopicCatalog, problems: [CorpusProblem]) {
        var reader = YAMLNodes(file: file)
        var catalog = TopicCatalog(areas: [], topics: [], flags: [], questions: [])
        guard let root = reader.root(of: text) else { return (catalog, reader.problems) }
        guard root.mapping != nil else {
            reader.problem(root, "expected a mapping with 'areas', 'topics', 'flags' and 'questions'")
            return (catalog, reader.problems)
        }
        for key in root.mapping!.keys.compactMap(\.scalar?.string) where !["areas", "topics", "flags", "questions"].contains(key) {
            reader.problem(root.mapping![key], "unknown key '\(key)' (expected areas, topics, flags, questions)")
        }

        for node in reader.list("areas", in: root) {
            guard let id = reader.string("id", in: node), let en = reader.string("en", in: node), let sw = reader.string("sw", in: node) else { continue }
            if catalog.area(id) != nil { reader.problem(node, "area '\(id)' is listed twice") }
            catalog.areas.append(TopicArea(id: id, en: en, sw: sw))
        }

        for node in reader.list("topics", in: root) {
            guard let id = reader.string("id", in: node), let area = reader.string("area", in: node) else { continue }
            let en = reader.string("en", in: node) ?? ""
            let sw = reader.string("sw", in: node) ?? ""
            let words = reader.strings("words", in: node, required: false).map(\.0)
            if catalog.topic(id) != nil { reader.problem(node, "topic '\(id)' is listed twice") }
            if catalog.area(area) == nil {
                reader.problem(node.mapping?["area"], "topic '\(id)' is in area '\(area)', which 'areas' does not list")
            }
            catalog.topics.append(Topic(id: id, area: area, en: en, sw: sw, words: words))
        }

        let knownFlags = Set([alwaysFlag, hostingFlag] + SystemProfile.switchNames)
        if let flags = reader.value("flags", in: root) {
            for (key, value) in flags.mapping ?? [:] {
                guard let name = key.scalar?.string else { continue }
                if !knownFlags.contains(name) {
                    reader.problem(key, "flag '\(name)' is not a sera check flag (known: \(knownFlags.sorted().joined(separator: ", ")))")
                }
                let topics = (value.sequence.map(Array.init) ?? []).compactMap { item -> String? in
                    guard let topic = item.scalar?.string else { return nil }
                    if catalog.topic(topic) == nil { reader.problem(item, "flag '\(name)' selects topic '\(topic)', which 'topics' does not list") }
                    return topic
                }
                if value.sequence == nil { reader.problem(value, "flag '\(name)' must list topics, e.g. [hosting, cloud]") }
                catalog.flags.append(FlagRule(name: name, topics: topics))
            }
            if flags.mapping == nil { reader.problem(flags, "'flags' must map each flag to a list of topics") }
            for name in [alwaysFlag] + SystemProfile.switchNames where catalog.flag(name) == nil {
                reader.problem(flags, "flag '\(name)' is missing (list the topics it selects, or [] for none)")
            }
        }

        for node in reader.list("questions", in: root, required: false) {
            guard let flag = reader.string("flag", in: node) else { continue }
            let en = reader.string("en", in: node) ?? ""
            let sw = reader.string("sw", in: node) ?? ""
            if catalog.flag(flag) == nil || flag == alwaysFlag {
                reader.problem(node.mapping?["flag"], "question about flag '\(flag)', which 'flags' does not define")
            }
            var choices: [QuestionChoice] = []
            for choiceNode in reader.list("choices", in: node, required: false) {
                guard let id = reader.string("id", in: choiceNode) else { continue }
                let flags = reader.strings("flags", in: choiceNode)
                for (name, item) in flags where catalog.flag(name) == nil || name == alwaysFlag {
                    reader.problem(item, "choice '\(id)' sets flag '\(name)', which 'flags' does not define")
                }
                choices.append(QuestionChoice(id: id, en: reader.string("en", in: choiceNode) ?? "",
                                              sw: reader.string("sw", in: choiceNode) ?? "", flags: flags.map(\.0)))
            }
            if flag == hostingFlag, choices.isEmpty {
                reader.problem(node, "the hosting question needs 'choices' (their ids are the values of --hosting)")
            }
            catalog.questions.append(CheckQuestion(flag: flag, en: en, sw: sw, choices: choices))
        }
        return (catalog, reader.problems)
    }
}

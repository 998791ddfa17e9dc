import Foundation
import Yams

/// Errors of a checklist file (`check --save`, `check --status`); each ends the run with exit 3.
public enum ChecklistError: Error, Equatable, Sendable {
    case unreadable(path: String, reason: String)
    /// A problem inside the file, with its line.
    case invalidPlan(CorpusProblem)
    case cannotWrite(path: String, reason: String)
}

/// What the officer decided about one item.
public enum ItemStatus: String, CaseIterable, Sendable {
    case open, met
    case notApplicable = "not-applicable"
    case waived
}

/// One item of a checklist file.
public struct PlanItem: Equatable, Sendable {
    public var ref: String
    public var language: Language
    public var area: String
    public var obligation: Obligation
    public var requirement: String
    public var document: String
    public var found: String
    /// The clause's hash when the file was written (`ChecklistItem.textHash`).
    public var textHash: String
    public var status: ItemStatus
    public var justification: String
    /// `YYYY-MM-DD`: the day a waiver ends.
    public var expires: String?
    /// Where the item starts in the file, for messages; 0 for an item not read from a file.
    public var line: Int

    public init(_ item: ChecklistItem, status: ItemStatus = .open, justification: String = "", expires: String? = nil) {
        ref = item.ref
        language = item.language
        area = item.area
        obligation = item.obligation
        requirement = item.requirement
        document = item.document.title
        found = item.found.description
        textHash = item.textHash
        self.status = status
        self.justification = justification
        self.expires = expires
        line = 0
    }
}

/// A saved checklist: the profile it was made for and a status per item. YAML, so an officer
/// edits it in any editor and a reviewer reads the diff.
public struct ChecklistPlan: Equatable, Sendable {
    public static let formatVersion = 1

    public var profile: SystemProfile
    /// `YYYY-MM-DD`.
    public var saved: String
    /// The corpus directory the checklist was made from (informative).
    public var corpus: String
    public var items: [PlanItem]

    public init(profile: SystemProfile, saved: String, corpus: String, items: [PlanItem]) {
        self.profile = profile
        self.saved = saved
        self.corpus = corpus
        self.items = items
    }

    /// A new plan with every item open.
    public init(checklist: Checklist, saved: String, corpus: String) {
        self.init(profile: checklist.profile, saved: saved, corpus: corpus, items: checklist.items.map { PlanItem($0) })
    }

    // MARK: Writing

    /// The file's text: a comment saying how to fill it in, then the profile and the items in
    /// checklist order.
    public func yaml() -> String {
        func quoted(_ text: String) -> String { JSONValue.string(text).encoded() }
        var lines = [
            "# Sera requirements checklist. For each item set `status` to open, met, not-applicable or",
            "# waived, say why in `justification` (evidence, approval letter, reason), and give a waiver",
            "# its end date in `expires` (YYYY-MM-DD). Then run:  sera check --status FILE",
            "# It exits 0 when nothing is open, 2 when items are open, expired, changed or new.",
            "sera-checklist: \(Self.formatVersion)",
            "saved: \(saved)",
            "corpus: \(quoted(corpus))",
            "profile:",
            "  flags: [" + SystemProfile.switchNames.filter(profile.switches.contains).joined(separator: ", ") + "]",
            "  hosting: " + (profile.hosting ?? "null"),
            "items:",
        ]
        for item in items {
            lines += [
                "  - ref: \(quoted(item.ref))",
                "    lang: \(item.language.rawValue)",
                "    area: \(item.area)",
                "    obligation: \(item.obligation.rawValue)",
                "    requirement: \(quoted(item.requirement))",
                "    document: \(quoted(item.document))",
                "    found: \(quoted(item.found))",
                "    text-hash: \(quoted(item.textHash))",
                "    status: \(item.status.rawValue)",
                "    justification: \(quoted(item.justification))",
                "    expires: " + (item.expires.map(quoted) ?? "null"),
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file whole or not at all.
    public func write(to url: URL) throws {
        do {
            try Data(yaml().utf8).write(to: url, options: .atomic)
        } catch {
            throw ChecklistError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    // MARK: Reading

    public static func load(_ url: URL) throws -> ChecklistPlan {
        guard let data = try? Data(contentsOf: url) else {
            throw ChecklistError.unreadable(path: url.path, reason: FileManager.default.fileExists(atPath: url.path) ? "cannot read it" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ChecklistError.unreadable(path: url.path, reason: "not UTF-8 text")
        }
        return try parse(text, file: url.path)
    }

    /// Reads a checklist file; the first problem is thrown with its line.
    public static func parse(_ text: String, file: String) throws -> ChecklistPlan {
        var reader = YAMLNodes(file: file)
        func fail() -> ChecklistError {
            .invalidPlan(reader.problems.first ?? CorpusProblem(file: file, message: "not a sera checklist"))
        }
        guard let root = reader.root(of: text) else { throw fail() }
        guard root.mapping != nil, let version = reader.string("sera-checklist", in: root) else {
            if reader.problems.isEmpty { reader.problem(root, "not a sera checklist (no 'sera-checklist:' line)") }
            throw fail()
        }
        guard Int(version) == formatVersion else {
            reader.problem(root.mapping?["sera-checklist"], "checklist format \(version); this sera reads format \(formatVersion)")
            throw fail()
        }
        var profile = SystemProfile()
        if let profileNode = reader.value("profile", in: root, required: false) {
            for (name, node) in reader.strings("flags", in: profileNode, required: false) {
                guard SystemProfile.switchNames.contains(name) else {
                    reader.problem(node, "unknown flag '\(name)' (known: \(SystemProfile.switchNames.joined(separator: ", ")))")
                    throw fail()
                }
                profile.switches.insert(name)
            }
            profile.hosting = reader.string("hosting", in: profileNode, required: false)
        }
        let saved = reader.string("saved", in: root, required: false) ?? ""
        let corpus = reader.string("corpus", in: root, required: false) ?? ""
        var items: [PlanItem] = []
        var seen = Set<String>()
        for node in reader.list("items", in: root) {
            guard let ref = reader.string("ref", in: node), let hash = reader.string("text-hash", in: node) else { throw fail() }
            let statusText = reader.string("status", in: node) ?? ""
            guard let status = ItemStatus(rawValue: statusText) else {
                reader.problem(node.mapping?["status"] ?? node,
                               "\(ref): status '\(statusText)' is not one of \(ItemStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                throw fail()
            }
            let expires = reader.string("expires", in: node, required: false).flatMap { $0.isEmpty ? nil : $0 }
            if let expires, !Self.isDate(expires) {
                reader.problem(node.mapping?["expires"], "\(ref): expires '\(expires)' is not a date (YYYY-MM-DD)")
                throw fail()
            }
            guard seen.insert(ref).inserted else {
                reader.problem(node, "\(ref) is listed twice")
                throw fail()
            }
            if !reader.problems.isEmpty { throw fail() }
            items.append(PlanItem(
                ref: ref, language: Language(rawValue: reader.string("lang", in: node, required: false) ?? "") ?? .en,
                area: reader.string("area", in: node, required: false) ?? "",
                obligation: Obligation(rawValue: reader.string("obligation", in: node, required: false) ?? "") ?? .none,
                requirement: reader.string("requirement", in: node, required: false) ?? "",
                document: reader.string("document", in: node, required: false) ?? "",
                found: reader.string("found", in: node, required: false) ?? "", textHash: hash, status: status,
                justification: reader.string("justification", in: node, required: false) ?? "", expires: expires,
                line: node.mark?.line ?? 0))
        }
        if !reader.problems.isEmpty { throw fail() }
        return ChecklistPlan(profile: profile, saved: saved, corpus: corpus, items: items)
    }

    /// A real calendar day written `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        guard text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else { return false }
        return Self.dayFormatter.date(from: text).map { Self.dayFormatter.string(from: $0) == text } ?? false
    }

    /// `YYYY-MM-DD` in UTC.
    public static func day(_ date: Date) -> String { dayFormatter.string(from: date) }

    nonisolated(unsafe) static let dayFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }()
}

extension PlanItem {
    init(ref: String, language: Language, area: String, obligation: Obligation, requirement: String, document: String,
         found: String, textHash: String, status: ItemStatus, justification: String, expires: String?, line: Int) {
        self.ref = ref
        self.language = language
        self.area = area
        self.obligation = obligation
        self.requirement = requirement
        self.document = document
        self.found = found
        self.textHash = textHash
        self.status = status
        self.justification = justification
        self.expires = expires
        self.line = line
    }
}

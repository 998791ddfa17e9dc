import Foundation

/// What kind of instrument a document is. The raw values are the words used in front matter,
/// in `type:` filters and in JSON output.
public enum DocumentType: String, CaseIterable, Codable, Sendable {
    case act, regulations, policy, strategy, standard, guideline, circular, directive
}

/// Whether a document still binds. Ranking puts documents in force above the others.
public enum DocumentStatus: String, CaseIterable, Codable, Sendable {
    case inForce = "in-force"
    case superseded, draft, repealed
}

/// Whether the text is our own summary under the official numbering or the official text itself.
public enum Fidelity: String, CaseIterable, Codable, Sendable {
    case digest, official
}

/// The language of a document or a clause.
public enum Language: String, CaseIterable, Codable, Sendable {
    case en, sw
    case bilingual = "en+sw"
}

/// The front matter of one corpus document.
public struct DocumentMetadata: Equatable, Codable, Sendable {
    public var id: String
    public var title: String
    public var titleSw: String?
    public var aliases: [String]
    public var type: DocumentType
    public var number: String?
    public var issuer: String?
    public var language: Language
    public var status: DocumentStatus
    public var effective: String?
    public var published: String?
    public var source: String
    public var fidelity: Fidelity
    public var topics: [String]
    /// Whether the digest covers every section (`complete`) or a selection (`partial`): numbering
    /// gaps and unresolved section references are problems only in a complete document.
    public var complete: Bool

    public init(
        id: String, title: String, titleSw: String? = nil, aliases: [String] = [],
        type: DocumentType, number: String? = nil, issuer: String? = nil,
        language: Language = .en, status: DocumentStatus = .inForce, effective: String? = nil,
        published: String? = nil, source: String, fidelity: Fidelity = .digest, topics: [String] = [], complete: Bool = true
    ) {
        self.id = id
        self.title = title
        self.titleSw = titleSw
        self.aliases = aliases
        self.type = type
        self.number = number
        self.issuer = issuer
        self.language = language
        self.status = status
        self.effective = effective
        self.published = published
        self.source = source
        self.fidelity = fidelity
        self.topics = topics
        self.complete = complete
    }
}

/// The structural role of a clause in its document's tree.
public enum ClauseKind: String, Codable, Sendable, CaseIterable {
    /// The text before the first heading: the document's own introduction.
    case document
    case part, schedule, section, subsection, paragraph, subparagraph
    /// A dotted number such as `5.2.3`, as standards and guidelines use.
    case item
    /// An unnumbered heading named by its anchor, such as `ega-shared-systems:govesb`.
    case topic
}

/// How strongly a clause binds its reader, detected from its wording.
public enum Obligation: String, Codable, Sendable, CaseIterable, Comparable {
    case must
    case mustNot = "must-not"
    case should
    case may
    case none

    /// Order used when listing requirements: prohibitions and duties first.
    var strength: Int {
        switch self {
        case .mustNot: 0
        case .must: 1
        case .should: 2
        case .may: 3
        case .none: 4
        }
    }

    public static func < (lhs: Obligation, rhs: Obligation) -> Bool { lhs.strength < rhs.strength }

    /// Whether the clause imposes a duty or a prohibition (what the `must` filter keeps).
    public var isBinding: Bool { self == .must || self == .mustNot }
}

/// One node of a document's clause tree.
public struct Clause: Equatable, Sendable {
    /// The document's id.
    public var docID: String
    /// The path after `DOC:`: `24(1)(a)`, `part-V`, `5.2.3`, `schedule/3`, `govesb`; empty for the
    /// document's introduction.
    public var path: String
    public var kind: ClauseKind
    /// The label as a reader sees it: `24`, `(1)`, `Part V`, `5.2.3`.
    public var label: String
    public var heading: String
    public var text: String
    /// The path of the parent clause, `nil` for top-level clauses.
    public var parentPath: String?
    /// Headings from the top of the document down to this clause.
    public var breadcrumb: [String]
    public var obligation: Obligation
    /// Canonical refs this clause's text points to, resolved against the corpus.
    public var crossRefs: [String]
    public var topics: [String]
    public var language: Language
    /// The line of the source file where the clause starts (for messages).
    public var line: Int

    public init(
        docID: String, path: String, kind: ClauseKind, label: String, heading: String = "",
        text: String = "", parentPath: String? = nil, breadcrumb: [String] = [],
        obligation: Obligation = .none, crossRefs: [String] = [], topics: [String] = [],
        language: Language = .en, line: Int = 0
    ) {
        self.docID = docID
        self.path = path
        self.kind = kind
        self.label = label
        self.heading = heading
        self.text = text
        self.parentPath = parentPath
        self.breadcrumb = breadcrumb
        self.obligation = obligation
        self.crossRefs = crossRefs
        self.topics = topics
        self.language = language
        self.line = line
    }

    /// The canonical citation: `ega-act-2019:24(1)`, or the bare id for the introduction.
    public var ref: String { ClauseRef.format(doc: docID, path: path) }
}

/// A parsed corpus document: its metadata and its clauses in reading order.
public struct Document: Sendable {
    public var metadata: DocumentMetadata
    public var clauses: [Clause]
    /// The file it came from, relative to the corpus directory.
    public var file: String

    public init(metadata: DocumentMetadata, clauses: [Clause], file: String) {
        self.metadata = metadata
        self.clauses = clauses
        self.file = file
    }
}

/// Formatting and splitting of canonical clause references.
public enum ClauseRef {
    public static func format(doc: String, path: String) -> String {
        path.isEmpty ? doc : "\(doc):\(path)"
    }

    /// Splits `doc:path` into its parts; a bare id has an empty path.
    public static func split(_ ref: String) -> (doc: String, path: String) {
        guard let colon = ref.firstIndex(of: ":") else { return (ref, "") }
        return (String(ref[..<colon]), String(ref[ref.index(after: colon)...]))
    }
}

import Foundation

/// A checklist file read again against the corpus as it is now (`sera check --status FILE`).
public struct ChecklistReview: Sendable {
    /// What has happened to a saved item since the file was written.
    public enum Flag: String, Sendable, CaseIterable {
        /// The clause (or a clause below it) was reworded: the decision recorded must be made again.
        case changed
        /// The clause is no longer in the corpus (repealed, renumbered or the document removed).
        case vanished
        /// A waiver whose `expires` day has passed: the item is open again.
        case expired
        /// The clause still exists but no longer applies to this profile (its tags changed).
        case noLongerApplies = "no-longer-applies"
    }

    public struct Entry: Sendable {
        public var item: PlanItem
        public var flags: [Flag]

        /// Whether the officer still has to act: open, an expired waiver, or a reworded clause.
        public var needsAttention: Bool {
            guard !flags.contains(.vanished) else { return false }
            return item.status == .open || flags.contains(.expired) || flags.contains(.changed)
        }
    }

    public var file: String
    public var plan: ChecklistPlan
    public var entries: [Entry]
    /// Requirements that apply now but are not in the file (new clauses, new tags).
    public var added: [ChecklistItem]
    /// The day expiry dates were compared with, `YYYY-MM-DD`.
    public var today: String

    public func entries(flagged flag: Flag) -> [Entry] { entries.filter { $0.flags.contains(flag) } }
    public func entries(status: ItemStatus) -> [Entry] { entries.filter { $0.item.status == status && !$0.flags.contains(.vanished) } }

    /// Items the officer has to act on, new requirements included.
    public var attentionCount: Int { entries.filter(\.needsAttention).count + added.count }

    /// 0 when nothing is open; 2 when items are open, expired, changed or new (as OpenSCAP does).
    public var exitStatus: ExitStatus { attentionCount == 0 ? .found : .itemsOpen }

    /// Compares a plan with the checklist its profile gives today.
    static func review(_ plan: ChecklistPlan, file: String, current: Checklist, clauses: CheckClauses, today: String) -> ChecklistReview {
        let currentRefs = Set(current.items.map(\.ref))
        let saved = Set(plan.items.map(\.ref))
        let entries = plan.items.map { item -> Entry in
            var flags: [Flag] = []
            if let clause = clauses.clause(item.ref, preferring: item.language) {
                if clauses.provisionHash(of: clause) != item.textHash { flags.append(.changed) }
                if !currentRefs.contains(item.ref) { flags.append(.noLongerApplies) }
            } else {
                flags.append(.vanished)
            }
            if item.status == .waived, let expires = item.expires, expires < today { flags.append(.expired) }
            return Entry(item: item, flags: flags)
        }
        return ChecklistReview(file: file, plan: plan, entries: entries, added: current.items.filter { !saved.contains($0.ref) }, today: today)
    }
}

extension ExitStatus {
    /// `check --status`: items are open (exit 2, as OpenSCAP reports failed rules).
    public static var itemsOpen: ExitStatus { .badInput }
}

extension ChecklistBuilder {
    /// Reads a checklist file again against `index`: what changed, vanished, expired or is new.
    public func review(_ plan: ChecklistPlan, file: String, index: SeraIndex, today: Date = Date()) throws -> ChecklistReview {
        let clauses = try index.checkClauses()
        let current = build(for: plan.profile, clauses: clauses, mentions: try mentions(for: plan.profile, in: index))
        return ChecklistReview.review(plan, file: file, current: current, clauses: clauses, today: ChecklistPlan.day(today))
    }
}

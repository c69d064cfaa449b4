import Foundation
import SinmunCode
import SinmunStore

/// The rules every watch starts with: the first appearance of each institutionalisation
/// indicator together with the concept (the study's forecast was a state AI organ and a
/// national AI plan; an observatory should say when either first shows up).
public enum BuiltInWatchRules {
    /// One first-appearance rule per indicator code of `codebook`, requiring its concept codes
    /// too: `first-ind_plan` fires once, for the first day an article is coded both `ind_plan`
    /// and `ai`. The indicator comes first so that its sentence is the alert's evidence.
    public static func rules(for codebook: Codebook, reference: String) -> [WatchRule] {
        let concepts = codebook.codes.filter { $0.group == .concept }.map(\.name)
        return codebook.codes.filter { $0.group == .indicator }.map { indicator in
            WatchRule(
                name: "first-\(indicator.name)", codes: [indicator.name] + concepts, codebook: reference,
                trigger: .firstAppearance, period: "day", builtIn: true)
        }
    }
}

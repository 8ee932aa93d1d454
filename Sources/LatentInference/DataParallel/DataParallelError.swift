/// Why a data-parallel SVI step cannot go on; every rank of the job throws
/// the same error at the same step.
public enum DataParallelError: Error, Equatable, CustomStringConvertible {
    /// The minibatch of plate `plate`, `minibatch` indices, does not split
    /// into equal shares for `processes` processes.
    case unevenMinibatch(plate: String, minibatch: Int, processes: Int)
    /// Some ranks hold other parameters (names or shapes) than rank 0 at
    /// the start: `ranks` of them.
    case parameterLayoutDiffers(ranks: Int)
    /// The parameters created in the first step differ between ranks (the
    /// ranks built the model differently, or seeded their contexts
    /// differently).
    case parametersDiffer(step: Int)
    /// The ranks' random streams no longer agree after step `step`: a site
    /// inside a sharded plate was drawn by a sampler whose use of the
    /// stream depends on its parameters (a rejection sampler), or the model
    /// drew from the stream differently on different ranks.
    case streamsDiverged(step: Int)
    /// The objective (its type's name) is not a sum over sites and data
    /// (the importance-weighted and Rényi bounds take a log-mean-exp over
    /// particles), so the ranks' losses would not add up to one process's.
    case objectiveDoesNotAdd(String)

    /// A one-line message saying what differs and what to do.
    public var description: String {
        switch self {
        case let .unevenMinibatch(plate, minibatch, processes):
            "plate '\(plate)': its minibatch of \(minibatch) does not split evenly over \(processes) processes; "
                + "choose a minibatch divisible by \(processes)"
        case let .parameterLayoutDiffers(ranks):
            "\(ranks) rank(s) hold parameters with other names or shapes than rank 0's; every rank must build the same model"
        case let .parametersDiffer(step):
            "the parameters differ between ranks after step \(step); every rank must build the model alike, with the same seed"
        case let .streamsDiverged(step):
            "the ranks' random streams disagree after step \(step): a site inside a sharded plate was drawn by a "
                + "rejection sampler, or the model drew differently on different ranks"
        case let .objectiveDoesNotAdd(name):
            "\(name) is not a sum over sites and data, so it cannot be spread over processes; use TraceELBO or MeanFieldELBO"
        }
    }
}

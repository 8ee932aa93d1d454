import LatentCore
import LatentInference
import Testing

/// Records an issue unless `compiled` replays its steps and its losses and
/// the parameters `names` equal those of `eager` (the same SVI with
/// compilation off, fed the same steps) to the bit.
func expectCompiledMatchesEager(_ compiled: SVI<Double, Void, Void>, _ eager: SVI<Double, Void, Void>, parameters names: [String]) {
    guard case .compiled = compiled.compilationStatus else {
        Issue.record("not compiled: \(compiled.compilationStatus)")
        return
    }
    #expect(compiled.losses.map(\.bitPattern) == eager.losses.map(\.bitPattern))
    for name in names {
        let (a, b) = (compiled.context.parameters.unconstrainedValue(name)!, eager.context.parameters.unconstrainedValue(name)!)
        #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "\(name)")
    }
}

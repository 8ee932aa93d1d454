// Eight schools (Rubin 1981), non-centred, fitted by SVI with a mean-field
// autoguide; then posterior summaries and the guide's diagnostics.
// Run: swift run -c release EightSchoolsExample
import Latent

let steps = 5_000
let fit = try EightSchools().fit(steps: steps, progress: ProgressReporter(total: steps))
print("mu (overall effect):\n\(fit.mu)")
print("tau (between-school sd):\n\(fit.tau)")
print("theta (school effects):\n\(fit.theta)")
print(fit.diagnostics)

// Logistic regression fitted by gradient descent with Latent's tensors and
// reverse-mode gradients: the foundation every model in Latent stands on.
// Run: swift run LogisticRegression
import Latent

var generator = Xoshiro256PlusPlus(seed: 42)
let (n, d) = (2_000, 3)
let trueWeights = Tensor<Double>([1.5, -2.0, 0.5])

// Synthetic data: x ~ N(0, I), y ~ Bernoulli(σ(x·w)).
let x = try Tensor<Double>.randomNormal([n, d], using: &generator)
let p = sigmoid(try matmul(x, trueWeights))
let u = try Tensor<Double>.randomUniform([n], using: &generator)
let y = try p.isGreater(than: u)

// Negative mean log-likelihood: mean(softplus(η) − y·η), η = x·w + b.
func loss(_ w: Tensor<Double>, _ b: Tensor<Double>) throws -> Tensor<Double> {
    let eta = try matmul(x, w) + b
    return try (softplus(eta) - y * eta).mean()
}

var w = try Tensor<Double>.zeros([d])
var b = try Tensor<Double>.zeros([])
for step in 0...300 {
    let (value, gradients) = try valueWithGradient(at: w, b, of: loss)
    w = try w - gradients.0 * 2.0
    b = try b - gradients.1 * 2.0
    if step % 100 == 0 { print("step \(step)  loss \(try value.scalarValue)") }
}
print("fitted weights \(w.scalars.map { ($0 * 100).rounded() / 100 })  true \(trueWeights.scalars)")
print("fitted bias \(((try b.scalarValue) * 100).rounded() / 100)  true 0.0")

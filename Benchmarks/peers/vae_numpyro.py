"""The VAE of `latent vae train --data MNIST` in NumPyro, the whole training
epoch compiled as one jitted `lax.scan`, so that its epoch can be printed
beside Latent's.

The work is Latent's (`VariationalAutoencoder`, `VAETraining`):
- the network: encoder 784-H (ReLU) with a mean head and a log-variance head
  H-L, decoder L-H (ReLU)-784, every weight and bias uniform on ±1/√fan_in
  (PyTorch's `nn.Linear`, as Latent's `uniformFanIn`); `--hidden` takes sizes
  separated by commas, as Latent's, and the decoder mirrors them;
- the likelihood: `bernoulli` with the decoder's output as logits on images
  binarised afresh for every minibatch (each pixel 1 where a uniform draw
  falls below its grey level, drawn inside the compiled epoch from a JAX key),
  or `gaussian`: Normal(decoder output, exp(s)) on the grey levels with a
  learned per-pixel log scale s starting at 0, as Latent's `decoder.logScale`;
- the objective: NumPyro's `TraceMeanField_ELBO` (the KL of z analytic, the
  likelihood from one draw of z per image), the minibatch scaled to the
  60,000 images as Latent's plate does; Adam(1e-3, β = 0.9, 0.999, ε = 1e-8);
  batch 128 in a fresh shuffle every epoch: 468 full minibatches in the
  `lax.scan` and the last 96 images as one more step after it, in the same
  compiled function; float32;
- the test ELBO (nats/image): the same objective, unscaled, one draw per image,
  on the 10,000 test images binarised once with a fixed key (grey levels for
  `gaussian`), divided by 10,000.

Timing: the epoch and the test pass are each compiled ahead of time
(`jit(...).lower(...).compile()`, seconds printed apart), then every epoch
and every test pass is timed on its own until its result is computed.
GFLOP/s counts the dense layers' products only, 2·m·n·k each: per layer the
forward product and both gradient products (inputs and weights), except the
gradient for the images themselves, which no one needs. For 784-400-20 that
is 3.28 MFLOP an image: 420 MFLOP per minibatch of 128, 196.8 GFLOP per epoch
of 60,000 images.

Output: a line naming NumPyro and JAX, a line with the work and its GFLOP,
then one figure a line, `<label>  <figure name>  <value> <unit>`, as
`PeerFigures` and `PacedPeer` read them: label `VAE 784-400-20 bernoulli` with `epoch compile`
and `test compile` (seconds), then per epoch label `VAE 784-400-20 bernoulli,
epoch N` with `epoch seconds`, `epoch GFLOP/s`, `train ELBO` (the mean of the
epoch's minibatch estimates, nats/image), `test ELBO` (nats/image) and
`test seconds`.

With `--paced` the script prints `paced: one epoch per line of input` once
compiled, then each epoch waits for a line on standard input, and the
script stops at the end of its input: `LatentBenchmarks vae-epoch` runs NumPyro's
epochs this way in turn with Latent's, so that each pair of epochs meets the
machine in the same state.

Run: python3 Benchmarks/peers/vae_numpyro.py [MNIST folder] [--epochs 3]
         [--hidden 400] [--latent 20] [--likelihood bernoulli|gaussian] [--paced]
The MNIST folder (the four IDX gzip files) defaults to `$LATENT_MNIST`, else
`../shared/data/mnist` beside the repository.
"""
import argparse
import gzip
import math
import os
import sys
import time

try:
    import jax
    import jax.numpy as jnp
    import numpy as np
    import numpyro
    import numpyro.distributions as dist
    from jax import lax
    from numpyro.infer import SVI, TraceMeanField_ELBO
    from numpyro.optim import Adam
except ImportError as missing:
    print(f"NumPyro is not installed ({missing.name} missing): no NumPyro figures. "
          "Install with `pip install numpyro` to compare.")
    sys.exit(0)

numpyro.set_platform("cpu")  # float32: jax_enable_x64 stays off

PIXELS = 784
BATCH = 128
LEARNING_RATE = 1e-3
TEST_BINARISATION_SEED = 0x7E57
LABEL_WIDTH = 36


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(folder):
    """The training and test images as float32 grey levels in [0, 1], [N, 784]."""
    train = idx(os.path.join(folder, "train-images-idx3-ubyte.gz"), 16).reshape(-1, PIXELS).astype(np.float32) / 255
    test = idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"), 16).reshape(-1, PIXELS).astype(np.float32) / 255
    return jnp.asarray(train), jnp.asarray(test)


def binarised(key, grey):
    """Each pixel 1 with probability its grey level: 1 where u ~ U[0, 1) falls below it."""
    return (jax.random.uniform(key, grey.shape, dtype=jnp.float32) < grey).astype(jnp.float32)


def dense(name, x, fan_in, fan_out):
    """x·W + b with W [fan_in, fan_out] and b [fan_out] as `numpyro.param`s,
    both drawn uniform on ±1/√fan_in the first time."""
    bound = 1 / math.sqrt(fan_in)

    def uniform(shape):
        return lambda key: jax.random.uniform(key, shape, jnp.float32, -bound, bound)

    weight = numpyro.param(f"{name}.weight", uniform((fan_in, fan_out)))
    bias = numpyro.param(f"{name}.bias", uniform((fan_out,)))
    return x @ weight + bias


class VariationalAutoencoder:
    """Latent's `VariationalAutoencoder`: model p(z) p(x | decoder(z)) and
    guide q(z | x) = N(μ(x), diag σ²(x)), in a plate over a minibatch of
    `count` images scaled by count / batch."""

    def __init__(self, hidden, latent, likelihood):
        self.hidden = hidden
        self.latent = latent
        self.likelihood = likelihood

    @property
    def layers(self):
        """(fan_in, fan_out) of every dense layer, encoder then decoder."""
        trunk = list(zip([PIXELS] + self.hidden[:-1], self.hidden))
        heads = [(self.hidden[-1], self.latent)] * 2
        sizes = [self.latent] + self.hidden[::-1] + [PIXELS]
        return trunk + heads + list(zip(sizes[:-1], sizes[1:]))

    @property
    def name(self):
        return f"VAE {'-'.join(map(str, [PIXELS] + self.hidden + [self.latent]))} {self.likelihood}"

    def encode(self, images):
        h = images
        for i, (fan_in, fan_out) in enumerate(zip([PIXELS] + self.hidden[:-1], self.hidden)):
            h = jax.nn.relu(dense(f"encoder.{i}", h, fan_in, fan_out))
        mean = dense("encoder.mean", h, self.hidden[-1], self.latent)
        log_variance = dense("encoder.logVariance", h, self.hidden[-1], self.latent)
        return mean, log_variance

    def decode(self, z):
        sizes = [self.latent] + self.hidden[::-1] + [PIXELS]
        h = z
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            h = dense(f"decoder.{i}", h, fan_in, fan_out)
            if i < len(sizes) - 2:
                h = jax.nn.relu(h)
        return h

    def pixel_distribution(self, output):
        if self.likelihood == "bernoulli":
            return dist.Bernoulli(logits=output).to_event(1)
        log_scale = numpyro.param("decoder.logScale", jnp.zeros(PIXELS, jnp.float32))
        return dist.Normal(output, jnp.exp(log_scale)).to_event(1)

    def model(self, images, count):
        batch = images.shape[0]
        with numpyro.handlers.scale(scale=count / batch), numpyro.plate("data", batch):
            prior = dist.Normal(jnp.zeros((batch, self.latent), jnp.float32), 1.0).to_event(1)
            z = numpyro.sample("z", prior)
            numpyro.sample("x", self.pixel_distribution(self.decode(z)), obs=images)

    def guide(self, images, count):
        batch = images.shape[0]
        mean, log_variance = self.encode(images)
        with numpyro.handlers.scale(scale=count / batch), numpyro.plate("data", batch):
            numpyro.sample("z", dist.Normal(mean, jnp.exp(0.5 * log_variance)).to_event(1))

    def training_flops_per_image(self):
        """Forward and both gradient products of every layer, less the first
        layer's product for the images' gradient: 2·fan_in·fan_out each."""
        return sum(3 * 2 * i * o for i, o in self.layers) - 2 * PIXELS * self.hidden[0]

    def test_flops_per_image(self):
        return sum(2 * i * o for i, o in self.layers)


def training_epoch(svi, vae, count):
    """One epoch as a function (state, key, train) → (state, mean loss per
    image): a fresh shuffle, then `count // 128` SVI steps in one `lax.scan`
    and one step for the images left over, each on its own binarisation."""
    full, left_over = divmod(count, BATCH)

    def step(state, rows_and_key):
        rows, key, train = rows_and_key
        images = train[rows]
        if vae.likelihood == "bernoulli":
            images = binarised(key, images)
        return svi.update(state, images, count)

    def epoch(state, key, train):
        order_key, binarisation_key = jax.random.split(key)
        order = jax.random.permutation(order_key, count)
        keys = jax.random.split(binarisation_key, full + 1)
        rows = order[:full * BATCH].reshape(full, BATCH)
        state, losses = lax.scan(lambda s, xs: step(s, (*xs, train)), state, (rows, keys[:full]))
        # Each step's loss is −ELBO scaled to the whole set: weight it by its images.
        total = jnp.sum(losses) * BATCH
        if left_over:
            state, loss = step(state, (order[full * BATCH:], keys[full], train))
            total = total + loss * left_over
        return state, total / count / count

    return epoch


def compiled(function, *arguments, **options):
    """`function` jitted and compiled ahead of time for `arguments`, and the
    seconds that took."""
    start = time.perf_counter()
    executable = jax.jit(function, **options).lower(*arguments).compile()
    return executable, time.perf_counter() - start


def timed(function, *arguments):
    """The result of `function(*arguments)` once computed, and its wall seconds."""
    start = time.perf_counter()
    result = jax.block_until_ready(function(*arguments))
    return result, time.perf_counter() - start


def figure(label, name, value, unit):
    """One figure on its own line, `<label>  <name>  <value> <unit>`."""
    print(f"{label:<{LABEL_WIDTH}} {name:<14} {value:>9} {unit}".rstrip(), flush=True)


def hidden_sizes(text):
    sizes = [int(size) for size in text.split(",")]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"--hidden must be positive sizes separated by commas, got '{text}'")
    return sizes


def arguments():
    parser = argparse.ArgumentParser(description="Latent's MNIST VAE in NumPyro, one compiled lax.scan per epoch.")
    parser.add_argument("folder", nargs="?", help="MNIST IDX folder (default $LATENT_MNIST, else ../shared/data/mnist)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--hidden", type=hidden_sizes, default=[400])
    parser.add_argument("--latent", type=int, default=20)
    parser.add_argument("--likelihood", choices=["bernoulli", "gaussian"], default="bernoulli")
    parser.add_argument("--paced", action="store_true", help="wait for a line on standard input before each epoch")
    options = parser.parse_args()
    if options.epochs < 1 or options.latent < 1:
        parser.error("--epochs and --latent must be at least 1")
    return options


def main():
    options = arguments()
    folder = (options.folder or os.environ.get("LATENT_MNIST")
              or os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/data/mnist"))
    if not os.path.isfile(os.path.join(folder, "train-images-idx3-ubyte.gz")):
        print(f"No MNIST IDX files in {folder}: no NumPyro figures. "
              "Pass the folder or set $LATENT_MNIST.")
        sys.exit(1)
    train, test = load(folder)
    count, test_count = train.shape[0], test.shape[0]
    vae = VariationalAutoencoder(options.hidden, options.latent, options.likelihood)
    training_gflop = vae.training_flops_per_image() * count / 1e9
    print(f"NumPyro {numpyro.__version__}, JAX {jax.__version__}, CPU, float32")
    print(f"{vae.name}, {count:,} images, batch {BATCH}, Adam {LEARNING_RATE:g}, analytic KL: "
          f"{training_gflop:.1f} GFLOP of products per training epoch, "
          f"{vae.test_flops_per_image() * test_count / 1e9:.1f} per test pass")
    if vae.likelihood == "bernoulli":
        test = binarised(jax.random.PRNGKey(TEST_BINARISATION_SEED), test)
    elbo = TraceMeanField_ELBO()
    svi = SVI(vae.model, vae.guide, Adam(LEARNING_RATE), elbo)
    state = svi.init(jax.random.PRNGKey(0), train[:BATCH], count)

    def test_elbo(params, key, images):
        return -elbo.loss(key, params, vae.model, vae.guide, images, images.shape[0]) / images.shape[0]

    keys = jax.random.split(jax.random.PRNGKey(1), options.epochs)
    test_key = jax.random.PRNGKey(2)
    epoch, epoch_compile = compiled(training_epoch(svi, vae, count), state, keys[0], train, donate_argnums=0)
    evaluate, test_compile = compiled(test_elbo, svi.get_params(state), test_key, test)
    figure(vae.name, "epoch compile", f"{epoch_compile:.2f}", "s")
    figure(vae.name, "test compile", f"{test_compile:.2f}", "s")
    if options.paced:
        print("paced: one epoch per line of input", flush=True)
    for n in range(1, options.epochs + 1):
        if options.paced and not sys.stdin.readline():
            break
        (state, loss), seconds = timed(epoch, state, keys[n - 1], train)
        value, test_seconds = timed(evaluate, svi.get_params(state), jax.random.fold_in(test_key, n), test)
        label = f"{vae.name}, epoch {n}"
        figure(label, "epoch seconds", f"{seconds:.2f}", "s")
        figure(label, "epoch GFLOP/s", f"{training_gflop / seconds:.1f}", "")
        figure(label, "train ELBO", f"{-float(loss):.2f}", "nats/image")
        figure(label, "test ELBO", f"{float(value):.2f}", "nats/image")
        figure(label, "test seconds", f"{test_seconds:.3f}", "s")


if __name__ == "__main__":
    main()

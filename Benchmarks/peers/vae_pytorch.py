"""The VAE of `latent vae train --data MNIST` in PyTorch eager, side by side:
784-400-20 (ReLU), Bernoulli likelihood on dynamically binarised images
(each pixel 1 with its grey level as probability, drawn afresh each epoch),
analytic Gaussian KL, batch 128, Adam 1e-3, float32, 10 epochs. Prints the
seconds per epoch and the test ELBO (nats/image) on a fixed binarisation of
the test set after each epoch, as Latent's command does.

Run: python3 Benchmarks/peers/vae_pytorch.py [MNIST folder, default ../shared/data/mnist]
"""
import gzip
import os
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError as missing:
    print(f"PyTorch is not installed ({missing.name} missing): no PyTorch figures. "
          "Install it with `pip install torch` to compare.")
    sys.exit(0)


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(folder):
    train = idx(os.path.join(folder, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 784).astype(np.float32) / 255
    test = idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"), 16).reshape(-1, 784).astype(np.float32) / 255
    return torch.from_numpy(train), torch.from_numpy(test)


class VAE(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = torch.nn.Linear(784, 400)
        self.mean = torch.nn.Linear(400, 20)
        self.log_variance = torch.nn.Linear(400, 20)
        self.hidden = torch.nn.Linear(20, 400)
        self.out = torch.nn.Linear(400, 784)

    def elbo(self, x):
        h = F.relu(self.trunk(x))
        mu, log_var = self.mean(h), self.log_variance(h)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        logits = self.out(F.relu(self.hidden(z)))
        likelihood = -F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp())
        return likelihood - kl


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../shared/data/mnist")
    torch.manual_seed(0)
    train, test = load(folder)
    test_binary = torch.bernoulli(test, generator=torch.Generator().manual_seed(0x7E57))
    model = VAE()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, float32")
    for epoch in range(1, 11):
        start = time.perf_counter()
        order = torch.randperm(train.shape[0])
        for i in range(0, train.shape[0], 128):
            x = torch.bernoulli(train[order[i:i + 128]])
            optimiser.zero_grad()
            loss = -model.elbo(x) * (train.shape[0] / x.shape[0])
            loss.backward()
            optimiser.step()
        with torch.no_grad():
            test_elbo = sum(model.elbo(test_binary[i:i + 128]).item() for i in range(0, test.shape[0], 128)) / test.shape[0]
        print(f"epoch {epoch}/10  test ELBO {test_elbo:.2f} nats/image  {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()

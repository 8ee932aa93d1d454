import LatentCore

// Checks Latent's MPI layer in a real job: run under
// `mpirun -np P .build/debug/LatentMPICheck [abort]`. Each rank sums a
// buffer with the others and receives rank 0's broadcast, checks both
// against their closed forms, and prints one line; with `abort`, the last
// rank ends the job instead, as a rank that meets an error does; with
// `time`, rank 0 also prints the mean time of an all-reduce of the MNIST
// VAE's 652,824 Float parameters (100 calls after 10 unmeasured).
// With `svi MODEL STEPS [alone]`, the job fits MODEL (`logistic` or
// `schools`) by data-parallel SVI instead (see DataParallelFit.swift).
import Foundation
import LatentDistributed

let world = try MPICommunicator.world()
if CommandLine.arguments.dropFirst().first == "svi" {
    let arguments = Array(CommandLine.arguments.dropFirst(2))
    do {
        try DataParallelFit(arguments: arguments, world: world).run()
        exit(0)
    } catch {
        world.abort(code: 4, message: "\(error)")
    }
}
if CommandLine.arguments.dropFirst().first == "abort", world.rank == world.size - 1 {
    world.abort(code: 3, message: "stopping the job on purpose")
}
// Rank r holds r + 1 + i/2 at i: the sum over P ranks is P(P + 1)/2 + P·i/2, exact in Float for these sizes.
let count = 1_000
var values = (0..<count).map { Float(world.rank + 1) + Float($0) / 2 }
try values.withUnsafeMutableBufferPointer { try world.allReduceSum($0) }
let p = Float(world.size)
let summed = values.indices.allSatisfy { values[$0] == p * (p + 1) / 2 + p * Float($0) / 2 }
var shared = world.rank == 0 ? (0..<count).map { Double($0) * 0.25 - 7 } : [Double](repeating: .nan, count: count)
try shared.withUnsafeMutableBufferPointer { try world.broadcast($0, from: 0) }
let broadcast = shared.indices.allSatisfy { shared[$0] == Double($0) * 0.25 - 7 }
try world.barrier()
if CommandLine.arguments.dropFirst().first == "time" {
    var gradient = [Float](repeating: 1, count: 652_824)
    try gradient.withUnsafeMutableBufferPointer { buffer in
        for _ in 0..<10 { try world.allReduceSum(buffer) }
        try world.barrier()
        let start = Date()
        for _ in 0..<100 { try world.allReduceSum(buffer) }
        let seconds = Date().timeIntervalSince(start) / 100
        if world.rank == 0 {
            print(String(format: "all-reduce of %d Floats over %d ranks: %.3f ms (%.2f GB/s of buffer)",
                         buffer.count, world.size, seconds * 1e3, Double(buffer.count * 4) / seconds / 1e9))
        }
    }
}
print("rank \(world.rank) of \(world.size): all-reduce \(summed ? "exact" : "WRONG"), broadcast \(broadcast ? "exact" : "WRONG")")
exit(summed && broadcast ? 0 : 1)

// The C entry points grouped by family, for Float and Double, so that each check is written
// once and run against every function of the family.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSwiftReg
import SwiftReg
import Testing

protocol CFloat: BinaryFloatingPoint, Sendable, CustomStringConvertible {}
extension Float: CFloat {}
extension Double: CFloat {}

/// The calling thread's sr_last_error() as a String.
func lastError() -> String { String(cString: SwiftReg.sr_last_error()) }

/// A value the outputs are filled with before a call, to see what the call wrote.
func sentinel<T: CFloat>(_: T.Type) -> T { -12345.5 }

typealias LossFn<T> = (UnsafePointer<T>?, UnsafePointer<T>?, UnsafePointer<T>?, Int64, Int32, UnsafeMutablePointer<T>?) -> sr_status
typealias BothFn<T> = (UnsafePointer<T>?, UnsafePointer<T>?, UnsafePointer<T>?, Int64, Int32, UnsafeMutablePointer<T>?,
                       UnsafeMutablePointer<T>?) -> sr_status

/// One loss: its three entry points (Huber's with delta = 1.5) and its textbook formulas.
struct LossAPI<T: CFloat>: CustomStringConvertible {
    let description: String
    let value: LossFn<T>
    let grad: LossFn<T>
    let both: BothFn<T>
    let ell: (Double) -> Double
    let derivative: (Double) -> Double
}

/// One penalty: hyperparameters by name (a good value for each), value/gradient/prox entry
/// points taking the hyperparameters as an array, and the textbook formulas.
struct PenaltyAPI<T: CFloat>: CustomStringConvertible {
    let description: String
    let names: [String]
    let good: [Double]
    let value: ([Double], UnsafePointer<T>?, Int64, UnsafeMutablePointer<T>?) -> sr_status
    let grad: ([Double], UnsafePointer<T>?, Int64, UnsafeMutablePointer<T>?) -> sr_status
    let prox: ([Double], UnsafePointer<T>?, Int64, Double, UnsafeMutablePointer<T>?) -> sr_status
    let term: ([Double], Double) -> Double
    let derivative: ([Double], Double) -> Double
    let proximal: ([Double], Double, Double) -> Double
}

typealias StepFn<T> = (UnsafePointer<T>?, UnsafePointer<T>?, Int64, Double, Double, Double, UnsafeMutablePointer<T>?) -> sr_status

struct StepAPI<T: CFloat>: CustomStringConvertible {
    let description: String
    let step: StepFn<T>
    let rule: (_ w: Double, _ g: Double, _ lr: Double, _ l1: Double, _ l2: Double) -> Double
}

func sgn(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : 0) }
func soft(_ v: Double, _ t: Double) -> Double { sgn(v) * max(abs(v) - t, 0) }
let huberDelta = 1.5
func huberLoss(_ r: Double) -> Double { abs(r) <= huberDelta ? r * r / 2 : huberDelta * (abs(r) - huberDelta / 2) }
func huberDerivative(_ r: Double) -> Double { abs(r) <= huberDelta ? r : huberDelta * sgn(r) }

/// The entry points of one storage type.
protocol CEntryPoints: CFloat {
    static var losses: [LossAPI<Self>] { get }
    /// The Huber entry points with this delta (the losses above use delta = 1.5).
    static func huber(_ delta: Double) -> LossAPI<Self>
    static var penalties: [PenaltyAPI<Self>] { get }
    static var steps: [StepAPI<Self>] { get }
}

extension Double: CEntryPoints {
    static var losses: [LossAPI<Double>] {
        [
            LossAPI(description: "sr_l1_loss*_f64", value: SwiftReg.sr_l1_loss_f64, grad: SwiftReg.sr_l1_loss_grad_f64,
                    both: SwiftReg.sr_l1_loss_value_and_grad_f64, ell: { abs($0) }, derivative: sgn),
            LossAPI(description: "sr_l2_loss*_f64", value: SwiftReg.sr_l2_loss_f64, grad: SwiftReg.sr_l2_loss_grad_f64,
                    both: SwiftReg.sr_l2_loss_value_and_grad_f64, ell: { $0 * $0 }, derivative: { 2 * $0 }),
            huber(huberDelta),
        ]
    }

    static func huber(_ delta: Double) -> LossAPI<Double> {
        LossAPI(description: "sr_huber_loss*_f64",
                value: { SwiftReg.sr_huber_loss_f64($0, $1, $2, $3, $4, delta, $5) },
                grad: { SwiftReg.sr_huber_loss_grad_f64($0, $1, $2, $3, $4, delta, $5) },
                both: { SwiftReg.sr_huber_loss_value_and_grad_f64($0, $1, $2, $3, $4, delta, $5, $6) },
                ell: huberLoss, derivative: huberDerivative)
    }

    static var penalties: [PenaltyAPI<Double>] {
        [
            PenaltyAPI(description: "sr_l1_*_f64", names: ["lam"], good: [0.5],
                       value: { SwiftReg.sr_l1_penalty_f64($1, $2, $0[0], $3) },
                       grad: { SwiftReg.sr_l1_penalty_grad_f64($1, $2, $0[0], $3) },
                       prox: { SwiftReg.sr_l1_prox_f64($1, $2, $0[0], $3, $4) },
                       term: { $0[0] * abs($1) }, derivative: { $0[0] * sgn($1) }, proximal: { soft($1, $2 * $0[0]) }),
            PenaltyAPI(description: "sr_l2_*_f64", names: ["lam"], good: [0.5],
                       value: { SwiftReg.sr_l2_penalty_f64($1, $2, $0[0], $3) },
                       grad: { SwiftReg.sr_l2_penalty_grad_f64($1, $2, $0[0], $3) },
                       prox: { SwiftReg.sr_l2_prox_f64($1, $2, $0[0], $3, $4) },
                       term: { $0[0] * $1 * $1 }, derivative: { 2 * $0[0] * $1 }, proximal: { $1 / (1 + 2 * $2 * $0[0]) }),
            PenaltyAPI(description: "sr_elastic_net_*_f64", names: ["l1", "l2"], good: [0.5, 0.25],
                       value: { SwiftReg.sr_elastic_net_penalty_f64($1, $2, $0[0], $0[1], $3) },
                       grad: { SwiftReg.sr_elastic_net_penalty_grad_f64($1, $2, $0[0], $0[1], $3) },
                       prox: { SwiftReg.sr_elastic_net_prox_f64($1, $2, $0[0], $0[1], $3, $4) },
                       term: { $0[0] * abs($1) + $0[1] * $1 * $1 }, derivative: { $0[0] * sgn($1) + 2 * $0[1] * $1 },
                       proximal: { soft($1, $2 * $0[0]) / (1 + 2 * $2 * $0[1]) }),
        ]
    }

    static var steps: [StepAPI<Double>] {
        [
            StepAPI(description: "sr_subgradient_step_f64", step: SwiftReg.sr_subgradient_step_f64,
                    rule: { w, g, lr, l1, l2 in w - lr * (g + l1 * sgn(w) + 2 * l2 * w) }),
            StepAPI(description: "sr_proximal_step_f64", step: SwiftReg.sr_proximal_step_f64,
                    rule: { w, g, lr, l1, l2 in soft(w - lr * g, lr * l1) / (1 + 2 * lr * l2) }),
        ]
    }
}

extension Float: CEntryPoints {
    static var losses: [LossAPI<Float>] {
        [
            LossAPI(description: "sr_l1_loss*_f32", value: SwiftReg.sr_l1_loss_f32, grad: SwiftReg.sr_l1_loss_grad_f32,
                    both: SwiftReg.sr_l1_loss_value_and_grad_f32, ell: { abs($0) }, derivative: sgn),
            LossAPI(description: "sr_l2_loss*_f32", value: SwiftReg.sr_l2_loss_f32, grad: SwiftReg.sr_l2_loss_grad_f32,
                    both: SwiftReg.sr_l2_loss_value_and_grad_f32, ell: { $0 * $0 }, derivative: { 2 * $0 }),
            huber(huberDelta),
        ]
    }

    static func huber(_ delta: Double) -> LossAPI<Float> {
        LossAPI(description: "sr_huber_loss*_f32",
                value: { SwiftReg.sr_huber_loss_f32($0, $1, $2, $3, $4, delta, $5) },
                grad: { SwiftReg.sr_huber_loss_grad_f32($0, $1, $2, $3, $4, delta, $5) },
                both: { SwiftReg.sr_huber_loss_value_and_grad_f32($0, $1, $2, $3, $4, delta, $5, $6) },
                ell: huberLoss, derivative: huberDerivative)
    }

    static var penalties: [PenaltyAPI<Float>] {
        [
            PenaltyAPI(description: "sr_l1_*_f32", names: ["lam"], good: [0.5],
                       value: { SwiftReg.sr_l1_penalty_f32($1, $2, $0[0], $3) },
                       grad: { SwiftReg.sr_l1_penalty_grad_f32($1, $2, $0[0], $3) },
                       prox: { SwiftReg.sr_l1_prox_f32($1, $2, $0[0], $3, $4) },
                       term: { $0[0] * abs($1) }, derivative: { $0[0] * sgn($1) }, proximal: { soft($1, $2 * $0[0]) }),
            PenaltyAPI(description: "sr_l2_*_f32", names: ["lam"], good: [0.5],
                       value: { SwiftReg.sr_l2_penalty_f32($1, $2, $0[0], $3) },
                       grad: { SwiftReg.sr_l2_penalty_grad_f32($1, $2, $0[0], $3) },
                       prox: { SwiftReg.sr_l2_prox_f32($1, $2, $0[0], $3, $4) },
                       term: { $0[0] * $1 * $1 }, derivative: { 2 * $0[0] * $1 }, proximal: { $1 / (1 + 2 * $2 * $0[0]) }),
            PenaltyAPI(description: "sr_elastic_net_*_f32", names: ["l1", "l2"], good: [0.5, 0.25],
                       value: { SwiftReg.sr_elastic_net_penalty_f32($1, $2, $0[0], $0[1], $3) },
                       grad: { SwiftReg.sr_elastic_net_penalty_grad_f32($1, $2, $0[0], $0[1], $3) },
                       prox: { SwiftReg.sr_elastic_net_prox_f32($1, $2, $0[0], $0[1], $3, $4) },
                       term: { $0[0] * abs($1) + $0[1] * $1 * $1 }, derivative: { $0[0] * sgn($1) + 2 * $0[1] * $1 },
                       proximal: { soft($1, $2 * $0[0]) / (1 + 2 * $2 * $0[1]) }),
        ]
    }

    static var steps: [StepAPI<Float>] {
        [
            StepAPI(description: "sr_subgradient_step_f32", step: SwiftReg.sr_subgradient_step_f32,
                    rule: { w, g, lr, l1, l2 in w - lr * (g + l1 * sgn(w) + 2 * l2 * w) }),
            StepAPI(description: "sr_proximal_step_f32", step: SwiftReg.sr_proximal_step_f32,
                    rule: { w, g, lr, l1, l2 in soft(w - lr * g, lr * l1) / (1 + 2 * lr * l2) }),
        ]
    }
}

/// Whether `got` is `ref` rounded to T, within one unit in the last place of T plus a little
/// float64 slack (the library sums in blocks; the reference in order).
func closeTo<T: CFloat>(_ got: T, _ ref: Double) -> Bool {
    if ref.isNaN { return got.isNaN }
    let r = T(ref)
    return got == r || abs(Double(got) - ref) <= Double(r.ulp) + 64 * Double.ulpOfOne * abs(ref)
}

// MARK: - The global thread count

/// Serialises every test, in this process and in any other running these tests, that changes
/// the global thread count: an exclusive flock(2) on one file (released when the process
/// exits, however it exits). Tests/SwiftRegCoreTests takes the same lock.
func withThreadCountLock<R>(_ body: () throws -> R) rethrows -> R {
    let fd = open("/tmp/swiftreg-tests-thread-count.lock", O_CREAT | O_RDWR, 0o666)
    guard fd >= 0 else { return try body() }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    defer { flock(fd, LOCK_UN) }
    return try body()
}

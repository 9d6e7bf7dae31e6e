// The C entry points grouped by family, for Float and Double, so that each check is written
// once and run against every function of the family.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSwiftReg
import SwiftReg
import SwiftRegTestSupport
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

// withThreadCountLock (SwiftRegTestSupport) serialises the tests that change it.

// MARK: - The general models: sr_fit_* / sr_path_*

/// The scalar fields of sr_fit_result_f64/_f32, sentinel-filled until a call writes them.
struct FitScalars: Equatable {
    var intercept = -12345.5, objective = -12345.5, dualGap = -12345.5, gapTol = -12345.5
    var nIter: Int64 = -7
    var converged: Int32 = -7, solver: Int32 = -7
    var scale = -12345.5
}

/// A problem as the tests hold it: X (n × p) stored in `layout` order.
struct ModelProblem<T: CFloat> {
    var x: [T]
    var y: [T]
    var weights: [T]?
    var n: Int
    var p: Int
    var layout: Int32 = SR_LAYOUT_COLUMN_MAJOR

    /// X[i, j] whatever the layout.
    func at(_ i: Int, _ j: Int) -> Double {
        Double(layout == SR_LAYOUT_ROW_MAJOR ? x[i * p + j] : x[i + j * n])
    }

    /// The same matrix stored the other way.
    var transposedStorage: ModelProblem<T> {
        var t = self
        t.layout = layout == SR_LAYOUT_ROW_MAJOR ? SR_LAYOUT_COLUMN_MAJOR : SR_LAYOUT_ROW_MAJOR
        for i in 0..<n {
            for j in 0..<p { t.x[t.layout == SR_LAYOUT_ROW_MAJOR ? i * p + j : i + j * n] = T(at(i, j)) }
        }
        return t
    }
}

/// Every output of a path, sentinel-filled.
struct PathOutputs<T: CFloat>: Equatable {
    var alphas: [Double], coefs: [T], intercepts: [Double], objectives: [Double], dualGaps: [Double], gapTols: [Double]
    var nIters: [Int64], converged: [Int32]

    init(p: Int, k: Int) {
        alphas = Array(repeating: -12345.5, count: k)
        coefs = Array(repeating: sentinel(T.self), count: p * k)
        intercepts = alphas
        objectives = alphas
        dualGaps = alphas
        gapTols = alphas
        nIters = Array(repeating: -7, count: k)
        converged = Array(repeating: -7, count: k)
    }
}

/// How a test breaks a call: a struct NULL or with a short `size`, coef (or a path output) NULL.
struct CallEdits {
    var problemNull = false, optionsNull = false, resultNull = false
    var problemSize: Int64? = nil, resultSize: Int64? = nil
    var coefNull = false, alphasOutNull = false
    /// problem->X or problem->y NULL.
    var xNull = false, yNull = false
    /// sr_path: n_alphas when it is not the outputs' length (0, negative).
    var nAlphas: Int64? = nil
}

/// The options with the documented defaults (sr_fit_options_init).
func defaultOptions() -> sr_fit_options {
    var o = sr_fit_options()
    let status = SwiftReg.sr_fit_options_init(&o, Int64(MemoryLayout<sr_fit_options>.size))
    precondition(status == SR_OK)
    return o
}

/// `body` with a pointer to `value`, or nil.
func withPointer<V, R>(to value: inout V, null: Bool, _ body: (UnsafeMutablePointer<V>?) -> R) -> R {
    withUnsafeMutablePointer(to: &value) { body(null ? nil : $0) }
}

/// sr_fit_* and sr_path_* of one storage type, through the C structs.
protocol ModelEntryPoints: CEntryPoints {
    /// sr_fit_*: coef is result->coef (read first when warm_start), `scalars` the other result
    /// fields (passed in as the struct's initial values, read back after the call).
    static func fit(_ problem: ModelProblem<Self>, _ options: sr_fit_options, coef: inout [Self], scalars: inout FitScalars,
                    edits: CallEdits) -> sr_status
    /// sr_path_*: every output array given (n_alphas = out.alphas.count unless edits say otherwise).
    static func path(_ problem: ModelProblem<Self>, _ options: sr_fit_options, alphas: [Double]?, eps: Double,
                     out: inout PathOutputs<Self>, edits: CallEdits) -> sr_status
}

extension ModelEntryPoints {
    static func fit(_ problem: ModelProblem<Self>, _ options: sr_fit_options, coef: inout [Self], scalars: inout FitScalars) -> sr_status {
        fit(problem, options, coef: &coef, scalars: &scalars, edits: CallEdits())
    }

    static func path(_ problem: ModelProblem<Self>, _ options: sr_fit_options, alphas: [Double]?, eps: Double,
                     out: inout PathOutputs<Self>) -> sr_status {
        path(problem, options, alphas: alphas, eps: eps, out: &out, edits: CallEdits())
    }
}

extension FitScalars {
    init(_ r: sr_fit_result_f64) {
        self.init(intercept: r.intercept, objective: r.objective, dualGap: r.dual_gap, gapTol: r.gap_tol, nIter: r.n_iter,
                  converged: r.converged, solver: r.solver, scale: r.scale)
    }

    init(_ r: sr_fit_result_f32) {
        self.init(intercept: r.intercept, objective: r.objective, dualGap: r.dual_gap, gapTol: r.gap_tol, nIter: r.n_iter,
                  converged: r.converged, solver: r.solver, scale: r.scale)
    }
}

extension Double: ModelEntryPoints {
    static func fit(_ pb: ModelProblem<Double>, _ options: sr_fit_options, coef: inout [Double], scalars s: inout FitScalars,
                    edits: CallEdits) -> sr_status {
        var o = options
        return pb.x.withUnsafeBufferPointer { x in
            pb.y.withUnsafeBufferPointer { y in
                withOptionalPointer(pb.weights) { w in
                    var pr = sr_problem_f64(
                        size: edits.problemSize ?? Int64(MemoryLayout<sr_problem_f64>.size), n_samples: Int64(pb.n),
                        n_features: Int64(pb.p), layout: pb.layout, reserved: 0, X: edits.xNull ? nil : x.baseAddress, y: edits.yNull ? nil : y.baseAddress,
                        sample_weight: w, nnz: 0, indptr: nil, indices: nil, index_type: 0, reserved2: 0)
                    return coef.withUnsafeMutableBufferPointer { c in
                        var r = sr_fit_result_f64(
                            size: edits.resultSize ?? Int64(MemoryLayout<sr_fit_result_f64>.size),
                            coef: edits.coefNull ? nil : c.baseAddress, intercept: s.intercept, objective: s.objective,
                            dual_gap: s.dualGap, gap_tol: s.gapTol, n_iter: s.nIter, converged: s.converged, solver: s.solver,
                            scale: s.scale)
                        let status = withPointer(to: &pr, null: edits.problemNull) { prp in
                            withPointer(to: &o, null: edits.optionsNull) { op in
                                withPointer(to: &r, null: edits.resultNull) { rp in SwiftReg.sr_fit_f64(prp, op, rp) }
                            }
                        }
                        s = FitScalars(r)
                        return status
                    }
                }
            }
        }
    }

    static func path(_ pb: ModelProblem<Double>, _ options: sr_fit_options, alphas: [Double]?, eps: Double,
                     out: inout PathOutputs<Double>, edits: CallEdits) -> sr_status {
        var o = options
        let k = edits.nAlphas ?? Int64(out.alphas.count)
        return pb.x.withUnsafeBufferPointer { x in
            pb.y.withUnsafeBufferPointer { y in
                withOptionalPointer(pb.weights) { w in
                    withOptionalPointer(alphas) { given in
                        var pr = sr_problem_f64(
                            size: edits.problemSize ?? Int64(MemoryLayout<sr_problem_f64>.size), n_samples: Int64(pb.n),
                            n_features: Int64(pb.p), layout: pb.layout, reserved: 0, X: edits.xNull ? nil : x.baseAddress, y: edits.yNull ? nil : y.baseAddress,
                            sample_weight: w, nnz: 0, indptr: nil, indices: nil, index_type: 0, reserved2: 0)
                        var copy = out
                        let status = copy.alphas.withUnsafeMutableBufferPointer { a in
                            copy.coefs.withUnsafeMutableBufferPointer { c in
                                copy.intercepts.withUnsafeMutableBufferPointer { b in
                                    copy.objectives.withUnsafeMutableBufferPointer { ob in
                                        copy.dualGaps.withUnsafeMutableBufferPointer { g in
                                            copy.gapTols.withUnsafeMutableBufferPointer { gt in
                                                copy.nIters.withUnsafeMutableBufferPointer { it in
                                                    copy.converged.withUnsafeMutableBufferPointer { cv in
                                                        var r = sr_path_result_f64(
                                                            size: edits.resultSize ?? Int64(MemoryLayout<sr_path_result_f64>.size),
                                                            n_alphas: k, alphas: edits.alphasOutNull ? nil : a.baseAddress,
                                                            coefs: edits.coefNull ? nil : c.baseAddress, intercepts: b.baseAddress,
                                                            objectives: ob.baseAddress, dual_gaps: g.baseAddress,
                                                            gap_tols: gt.baseAddress, n_iters: it.baseAddress,
                                                            converged: cv.baseAddress)
                                                        return withPointer(to: &pr, null: edits.problemNull) { prp in
                                                            withPointer(to: &o, null: edits.optionsNull) { op in
                                                                withPointer(to: &r, null: edits.resultNull) { rp in
                                                                    SwiftReg.sr_path_f64(prp, op, given, eps, rp)
                                                                }
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        out = copy
                        return status
                    }
                }
            }
        }
    }
}

extension Float: ModelEntryPoints {
    static func fit(_ pb: ModelProblem<Float>, _ options: sr_fit_options, coef: inout [Float], scalars s: inout FitScalars,
                    edits: CallEdits) -> sr_status {
        var o = options
        return pb.x.withUnsafeBufferPointer { x in
            pb.y.withUnsafeBufferPointer { y in
                withOptionalPointer(pb.weights) { w in
                    var pr = sr_problem_f32(
                        size: edits.problemSize ?? Int64(MemoryLayout<sr_problem_f32>.size), n_samples: Int64(pb.n),
                        n_features: Int64(pb.p), layout: pb.layout, reserved: 0, X: edits.xNull ? nil : x.baseAddress, y: edits.yNull ? nil : y.baseAddress,
                        sample_weight: w, nnz: 0, indptr: nil, indices: nil, index_type: 0, reserved2: 0)
                    return coef.withUnsafeMutableBufferPointer { c in
                        var r = sr_fit_result_f32(
                            size: edits.resultSize ?? Int64(MemoryLayout<sr_fit_result_f32>.size),
                            coef: edits.coefNull ? nil : c.baseAddress, intercept: s.intercept, objective: s.objective,
                            dual_gap: s.dualGap, gap_tol: s.gapTol, n_iter: s.nIter, converged: s.converged, solver: s.solver,
                            scale: s.scale)
                        let status = withPointer(to: &pr, null: edits.problemNull) { prp in
                            withPointer(to: &o, null: edits.optionsNull) { op in
                                withPointer(to: &r, null: edits.resultNull) { rp in SwiftReg.sr_fit_f32(prp, op, rp) }
                            }
                        }
                        s = FitScalars(r)
                        return status
                    }
                }
            }
        }
    }

    static func path(_ pb: ModelProblem<Float>, _ options: sr_fit_options, alphas: [Double]?, eps: Double,
                     out: inout PathOutputs<Float>, edits: CallEdits) -> sr_status {
        var o = options
        let k = edits.nAlphas ?? Int64(out.alphas.count)
        return pb.x.withUnsafeBufferPointer { x in
            pb.y.withUnsafeBufferPointer { y in
                withOptionalPointer(pb.weights) { w in
                    withOptionalPointer(alphas) { given in
                        var pr = sr_problem_f32(
                            size: edits.problemSize ?? Int64(MemoryLayout<sr_problem_f32>.size), n_samples: Int64(pb.n),
                            n_features: Int64(pb.p), layout: pb.layout, reserved: 0, X: edits.xNull ? nil : x.baseAddress, y: edits.yNull ? nil : y.baseAddress,
                            sample_weight: w, nnz: 0, indptr: nil, indices: nil, index_type: 0, reserved2: 0)
                        var copy = out
                        let status = copy.alphas.withUnsafeMutableBufferPointer { a in
                            copy.coefs.withUnsafeMutableBufferPointer { c in
                                copy.intercepts.withUnsafeMutableBufferPointer { b in
                                    copy.objectives.withUnsafeMutableBufferPointer { ob in
                                        copy.dualGaps.withUnsafeMutableBufferPointer { g in
                                            copy.gapTols.withUnsafeMutableBufferPointer { gt in
                                                copy.nIters.withUnsafeMutableBufferPointer { it in
                                                    copy.converged.withUnsafeMutableBufferPointer { cv in
                                                        var r = sr_path_result_f32(
                                                            size: edits.resultSize ?? Int64(MemoryLayout<sr_path_result_f32>.size),
                                                            n_alphas: k, alphas: edits.alphasOutNull ? nil : a.baseAddress,
                                                            coefs: edits.coefNull ? nil : c.baseAddress, intercepts: b.baseAddress,
                                                            objectives: ob.baseAddress, dual_gaps: g.baseAddress,
                                                            gap_tols: gt.baseAddress, n_iters: it.baseAddress,
                                                            converged: cv.baseAddress)
                                                        return withPointer(to: &pr, null: edits.problemNull) { prp in
                                                            withPointer(to: &o, null: edits.optionsNull) { op in
                                                                withPointer(to: &r, null: edits.resultNull) { rp in
                                                                    SwiftReg.sr_path_f32(prp, op, given, eps, rp)
                                                                }
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        out = copy
                        return status
                    }
                }
            }
        }
    }
}

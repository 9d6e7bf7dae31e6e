import CSwiftReg
import SwiftRegCore

// The C ABI. Every export turns its raw arguments into checked buffer views and calls one
// core function; the generic helpers below hold the shared shape of each family, so the
// _f64 and _f32 symbols are instantiations of one implementation.
// The declarations in swiftreg.h must match these signatures; Tests/SwiftRegTests proves it.

// MARK: - Library information

@_cdecl("sr_version")
public func sr_version() -> UnsafePointer<CChar> { versionString }

nonisolated(unsafe) private let versionString: UnsafePointer<CChar> = {
    let text = SR_VERSION_STRING
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: text.utf8.count + 1)
    text.withCString { p.initialize(from: $0, count: text.utf8.count + 1) }
    return UnsafePointer(p)
}()

@_cdecl("sr_status_string")
public func sr_status_string(_ status: Int32) -> UnsafePointer<CChar> { StatusText.for(status) }

@_cdecl("sr_last_error")
public func sr_last_error() -> UnsafePointer<CChar> { LastError.get() }

@_cdecl("sr_set_num_threads")
public func sr_set_num_threads(_ n: Int64) -> Int32 {
    Parallel.setThreadCount(Int(clamping: n))
    return SR_OK
}

@_cdecl("sr_get_num_threads")
public func sr_get_num_threads(_ out: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus { () throws(SwiftRegError) in try output(out, 1, "out")[0] = Int64(Parallel.threadCount) }
}

// MARK: - Family helpers

@inline(__always)
func lossExport<T: BinaryFloatingPoint>(
    _ loss: () throws(SwiftRegError) -> some PointwiseLoss,
    _ yTrue: UnsafePointer<T>?, _ yPred: UnsafePointer<T>?, _ weight: UnsafePointer<T>?,
    _ n: Int64, _ code: Int32, _ out: UnsafeMutablePointer<T>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let n = try length(n), r = try reduction(code)
        try Losses.evaluate(
            try loss(), yTrue: try input(yTrue, n, "y_true"), yPred: try input(yPred, n, "y_pred"),
            sampleWeight: optionalInput(weight, n), reduction: r, out: try output(out, valueCount(r, n), "out"))
    }
}

@inline(__always)
func lossGradExport<T: BinaryFloatingPoint>(
    _ loss: () throws(SwiftRegError) -> some PointwiseLoss,
    _ yTrue: UnsafePointer<T>?, _ yPred: UnsafePointer<T>?, _ weight: UnsafePointer<T>?,
    _ n: Int64, _ code: Int32, _ grad: UnsafeMutablePointer<T>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let n = try length(n), r = try reduction(code)
        try Losses.gradient(
            try loss(), yTrue: try input(yTrue, n, "y_true"), yPred: try input(yPred, n, "y_pred"),
            sampleWeight: optionalInput(weight, n), reduction: r, out: try output(grad, n, "grad"))
    }
}

@inline(__always)
func lossBothExport<T: BinaryFloatingPoint>(
    _ loss: () throws(SwiftRegError) -> some PointwiseLoss,
    _ yTrue: UnsafePointer<T>?, _ yPred: UnsafePointer<T>?, _ weight: UnsafePointer<T>?,
    _ n: Int64, _ code: Int32, _ value: UnsafeMutablePointer<T>?, _ grad: UnsafeMutablePointer<T>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let n = try length(n), r = try reduction(code)
        try Losses.valueAndGradient(
            try loss(), yTrue: try input(yTrue, n, "y_true"), yPred: try input(yPred, n, "y_pred"),
            sampleWeight: optionalInput(weight, n), reduction: r,
            value: try output(value, valueCount(r, n), "value"), gradient: try output(grad, n, "grad"))
    }
}

@inline(__always)
func penaltyExport<T: BinaryFloatingPoint>(
    _ penalty: () throws(SwiftRegError) -> some Penalty,
    _ w: UnsafePointer<T>?, _ n: Int64, _ out: UnsafeMutablePointer<T>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let p = try penalty(), n = try length(n)
        let w = try input(w, n, "w"), out = try output(out, 1, "out")
        try Check.noPartialOverlap(w, "w", out, "out")
        out[0] = T(Penalties.value(p, w))
    }
}

@inline(__always)
func penaltyGradExport<T: BinaryFloatingPoint>(
    _ penalty: () throws(SwiftRegError) -> some Penalty,
    _ w: UnsafePointer<T>?, _ n: Int64, _ out: UnsafeMutablePointer<T>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let p = try penalty(), n = try length(n)
        try Penalties.gradient(p, try input(w, n, "w"), out: try output(out, n, "out"))
    }
}

@inline(__always)
func proxExport<T: BinaryFloatingPoint>(
    _ penalty: () throws(SwiftRegError) -> some Penalty,
    _ v: UnsafePointer<T>?, _ n: Int64, _ step: Double, _ out: UnsafeMutablePointer<T>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let p = try penalty(), n = try length(n)
        try Penalties.proximal(p, try input(v, n, "v"), step: step, out: try output(out, n, "out"))
    }
}

@inline(__always)
func stepExport<T: BinaryFloatingPoint>(
    _ rule: (UnsafeBufferPointer<T>, UnsafeBufferPointer<T>, Double, ElasticNetPenalty,
             UnsafeMutableBufferPointer<T>) throws(SwiftRegError) -> Void,
    _ w: UnsafePointer<T>?, _ grad: UnsafePointer<T>?, _ n: Int64,
    _ lr: Double, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<T>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let n = try length(n), p = try ElasticNetPenalty(l1: l1, l2: l2)
        try rule(try input(w, n, "w"), try input(grad, n, "grad"), lr, p, try output(out, n, "out"))
    }
}

// MARK: - Losses

@_cdecl("sr_l1_loss_f64") public func sr_l1_loss_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ out: UnsafeMutablePointer<Double>?) -> Int32 { lossExport({ AbsoluteLoss() }, yTrue, yPred, weight, n, reduction, out) }
@_cdecl("sr_l1_loss_f32") public func sr_l1_loss_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ out: UnsafeMutablePointer<Float>?) -> Int32 { lossExport({ AbsoluteLoss() }, yTrue, yPred, weight, n, reduction, out) }
@_cdecl("sr_l2_loss_f64") public func sr_l2_loss_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ out: UnsafeMutablePointer<Double>?) -> Int32 { lossExport({ SquaredLoss() }, yTrue, yPred, weight, n, reduction, out) }
@_cdecl("sr_l2_loss_f32") public func sr_l2_loss_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ out: UnsafeMutablePointer<Float>?) -> Int32 { lossExport({ SquaredLoss() }, yTrue, yPred, weight, n, reduction, out) }
@_cdecl("sr_huber_loss_f64") public func sr_huber_loss_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ delta: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { lossExport({ () throws(SwiftRegError) in try HuberLoss(delta: delta) }, yTrue, yPred, weight, n, reduction, out) }
@_cdecl("sr_huber_loss_f32") public func sr_huber_loss_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ delta: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { lossExport({ () throws(SwiftRegError) in try HuberLoss(delta: delta) }, yTrue, yPred, weight, n, reduction, out) }

@_cdecl("sr_l1_loss_grad_f64") public func sr_l1_loss_grad_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ grad: UnsafeMutablePointer<Double>?) -> Int32 { lossGradExport({ AbsoluteLoss() }, yTrue, yPred, weight, n, reduction, grad) }
@_cdecl("sr_l1_loss_grad_f32") public func sr_l1_loss_grad_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ grad: UnsafeMutablePointer<Float>?) -> Int32 { lossGradExport({ AbsoluteLoss() }, yTrue, yPred, weight, n, reduction, grad) }
@_cdecl("sr_l2_loss_grad_f64") public func sr_l2_loss_grad_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ grad: UnsafeMutablePointer<Double>?) -> Int32 { lossGradExport({ SquaredLoss() }, yTrue, yPred, weight, n, reduction, grad) }
@_cdecl("sr_l2_loss_grad_f32") public func sr_l2_loss_grad_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ grad: UnsafeMutablePointer<Float>?) -> Int32 { lossGradExport({ SquaredLoss() }, yTrue, yPred, weight, n, reduction, grad) }
@_cdecl("sr_huber_loss_grad_f64") public func sr_huber_loss_grad_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ delta: Double, _ grad: UnsafeMutablePointer<Double>?) -> Int32 { lossGradExport({ () throws(SwiftRegError) in try HuberLoss(delta: delta) }, yTrue, yPred, weight, n, reduction, grad) }
@_cdecl("sr_huber_loss_grad_f32") public func sr_huber_loss_grad_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ delta: Double, _ grad: UnsafeMutablePointer<Float>?) -> Int32 { lossGradExport({ () throws(SwiftRegError) in try HuberLoss(delta: delta) }, yTrue, yPred, weight, n, reduction, grad) }

@_cdecl("sr_l1_loss_value_and_grad_f64") public func sr_l1_loss_value_and_grad_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ value: UnsafeMutablePointer<Double>?, _ grad: UnsafeMutablePointer<Double>?) -> Int32 { lossBothExport({ AbsoluteLoss() }, yTrue, yPred, weight, n, reduction, value, grad) }
@_cdecl("sr_l1_loss_value_and_grad_f32") public func sr_l1_loss_value_and_grad_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ value: UnsafeMutablePointer<Float>?, _ grad: UnsafeMutablePointer<Float>?) -> Int32 { lossBothExport({ AbsoluteLoss() }, yTrue, yPred, weight, n, reduction, value, grad) }
@_cdecl("sr_l2_loss_value_and_grad_f64") public func sr_l2_loss_value_and_grad_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ value: UnsafeMutablePointer<Double>?, _ grad: UnsafeMutablePointer<Double>?) -> Int32 { lossBothExport({ SquaredLoss() }, yTrue, yPred, weight, n, reduction, value, grad) }
@_cdecl("sr_l2_loss_value_and_grad_f32") public func sr_l2_loss_value_and_grad_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ value: UnsafeMutablePointer<Float>?, _ grad: UnsafeMutablePointer<Float>?) -> Int32 { lossBothExport({ SquaredLoss() }, yTrue, yPred, weight, n, reduction, value, grad) }
@_cdecl("sr_huber_loss_value_and_grad_f64") public func sr_huber_loss_value_and_grad_f64(_ yTrue: UnsafePointer<Double>?, _ yPred: UnsafePointer<Double>?, _ weight: UnsafePointer<Double>?, _ n: Int64, _ reduction: Int32, _ delta: Double, _ value: UnsafeMutablePointer<Double>?, _ grad: UnsafeMutablePointer<Double>?) -> Int32 { lossBothExport({ () throws(SwiftRegError) in try HuberLoss(delta: delta) }, yTrue, yPred, weight, n, reduction, value, grad) }
@_cdecl("sr_huber_loss_value_and_grad_f32") public func sr_huber_loss_value_and_grad_f32(_ yTrue: UnsafePointer<Float>?, _ yPred: UnsafePointer<Float>?, _ weight: UnsafePointer<Float>?, _ n: Int64, _ reduction: Int32, _ delta: Double, _ value: UnsafeMutablePointer<Float>?, _ grad: UnsafeMutablePointer<Float>?) -> Int32 { lossBothExport({ () throws(SwiftRegError) in try HuberLoss(delta: delta) }, yTrue, yPred, weight, n, reduction, value, grad) }

// MARK: - Penalties

@_cdecl("sr_l1_penalty_f64") public func sr_l1_penalty_f64(_ w: UnsafePointer<Double>?, _ n: Int64, _ lam: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { penaltyExport({ () throws(SwiftRegError) in try L1Penalty(lambda: lam) }, w, n, out) }
@_cdecl("sr_l1_penalty_f32") public func sr_l1_penalty_f32(_ w: UnsafePointer<Float>?, _ n: Int64, _ lam: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { penaltyExport({ () throws(SwiftRegError) in try L1Penalty(lambda: lam) }, w, n, out) }
@_cdecl("sr_l2_penalty_f64") public func sr_l2_penalty_f64(_ w: UnsafePointer<Double>?, _ n: Int64, _ lam: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { penaltyExport({ () throws(SwiftRegError) in try L2Penalty(lambda: lam) }, w, n, out) }
@_cdecl("sr_l2_penalty_f32") public func sr_l2_penalty_f32(_ w: UnsafePointer<Float>?, _ n: Int64, _ lam: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { penaltyExport({ () throws(SwiftRegError) in try L2Penalty(lambda: lam) }, w, n, out) }
@_cdecl("sr_elastic_net_penalty_f64") public func sr_elastic_net_penalty_f64(_ w: UnsafePointer<Double>?, _ n: Int64, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { penaltyExport({ () throws(SwiftRegError) in try ElasticNetPenalty(l1: l1, l2: l2) }, w, n, out) }
@_cdecl("sr_elastic_net_penalty_f32") public func sr_elastic_net_penalty_f32(_ w: UnsafePointer<Float>?, _ n: Int64, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { penaltyExport({ () throws(SwiftRegError) in try ElasticNetPenalty(l1: l1, l2: l2) }, w, n, out) }

@_cdecl("sr_l1_penalty_grad_f64") public func sr_l1_penalty_grad_f64(_ w: UnsafePointer<Double>?, _ n: Int64, _ lam: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { penaltyGradExport({ () throws(SwiftRegError) in try L1Penalty(lambda: lam) }, w, n, out) }
@_cdecl("sr_l1_penalty_grad_f32") public func sr_l1_penalty_grad_f32(_ w: UnsafePointer<Float>?, _ n: Int64, _ lam: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { penaltyGradExport({ () throws(SwiftRegError) in try L1Penalty(lambda: lam) }, w, n, out) }
@_cdecl("sr_l2_penalty_grad_f64") public func sr_l2_penalty_grad_f64(_ w: UnsafePointer<Double>?, _ n: Int64, _ lam: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { penaltyGradExport({ () throws(SwiftRegError) in try L2Penalty(lambda: lam) }, w, n, out) }
@_cdecl("sr_l2_penalty_grad_f32") public func sr_l2_penalty_grad_f32(_ w: UnsafePointer<Float>?, _ n: Int64, _ lam: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { penaltyGradExport({ () throws(SwiftRegError) in try L2Penalty(lambda: lam) }, w, n, out) }
@_cdecl("sr_elastic_net_penalty_grad_f64") public func sr_elastic_net_penalty_grad_f64(_ w: UnsafePointer<Double>?, _ n: Int64, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { penaltyGradExport({ () throws(SwiftRegError) in try ElasticNetPenalty(l1: l1, l2: l2) }, w, n, out) }
@_cdecl("sr_elastic_net_penalty_grad_f32") public func sr_elastic_net_penalty_grad_f32(_ w: UnsafePointer<Float>?, _ n: Int64, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { penaltyGradExport({ () throws(SwiftRegError) in try ElasticNetPenalty(l1: l1, l2: l2) }, w, n, out) }

// MARK: - Proximal operators

@_cdecl("sr_l1_prox_f64") public func sr_l1_prox_f64(_ v: UnsafePointer<Double>?, _ n: Int64, _ lam: Double, _ step: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { proxExport({ () throws(SwiftRegError) in try L1Penalty(lambda: lam) }, v, n, step, out) }
@_cdecl("sr_l1_prox_f32") public func sr_l1_prox_f32(_ v: UnsafePointer<Float>?, _ n: Int64, _ lam: Double, _ step: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { proxExport({ () throws(SwiftRegError) in try L1Penalty(lambda: lam) }, v, n, step, out) }
@_cdecl("sr_l2_prox_f64") public func sr_l2_prox_f64(_ v: UnsafePointer<Double>?, _ n: Int64, _ lam: Double, _ step: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { proxExport({ () throws(SwiftRegError) in try L2Penalty(lambda: lam) }, v, n, step, out) }
@_cdecl("sr_l2_prox_f32") public func sr_l2_prox_f32(_ v: UnsafePointer<Float>?, _ n: Int64, _ lam: Double, _ step: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { proxExport({ () throws(SwiftRegError) in try L2Penalty(lambda: lam) }, v, n, step, out) }
@_cdecl("sr_elastic_net_prox_f64") public func sr_elastic_net_prox_f64(_ v: UnsafePointer<Double>?, _ n: Int64, _ l1: Double, _ l2: Double, _ step: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { proxExport({ () throws(SwiftRegError) in try ElasticNetPenalty(l1: l1, l2: l2) }, v, n, step, out) }
@_cdecl("sr_elastic_net_prox_f32") public func sr_elastic_net_prox_f32(_ v: UnsafePointer<Float>?, _ n: Int64, _ l1: Double, _ l2: Double, _ step: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { proxExport({ () throws(SwiftRegError) in try ElasticNetPenalty(l1: l1, l2: l2) }, v, n, step, out) }

// MARK: - Update steps

@_cdecl("sr_subgradient_step_f64") public func sr_subgradient_step_f64(_ w: UnsafePointer<Double>?, _ grad: UnsafePointer<Double>?, _ n: Int64, _ lr: Double, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { stepExport(UpdateSteps.subgradient, w, grad, n, lr, l1, l2, out) }
@_cdecl("sr_subgradient_step_f32") public func sr_subgradient_step_f32(_ w: UnsafePointer<Float>?, _ grad: UnsafePointer<Float>?, _ n: Int64, _ lr: Double, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { stepExport(UpdateSteps.subgradient, w, grad, n, lr, l1, l2, out) }
@_cdecl("sr_proximal_step_f64") public func sr_proximal_step_f64(_ w: UnsafePointer<Double>?, _ grad: UnsafePointer<Double>?, _ n: Int64, _ lr: Double, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<Double>?) -> Int32 { stepExport(UpdateSteps.proximal, w, grad, n, lr, l1, l2, out) }
@_cdecl("sr_proximal_step_f32") public func sr_proximal_step_f32(_ w: UnsafePointer<Float>?, _ grad: UnsafePointer<Float>?, _ n: Int64, _ lr: Double, _ l1: Double, _ l2: Double, _ out: UnsafeMutablePointer<Float>?) -> Int32 { stepExport(UpdateSteps.proximal, w, grad, n, lr, l1, l2, out) }

// swiftreg.h and the @_cdecl exports must agree: every function declared in the header has a
// compile-time type check against its export below, and a runtime test proves that the list of
// checks covers every `sr_` function the header declares (so a new declaration without a check
// fails the suite).

import CSwiftReg
import Foundation
import SwiftReg
import SwiftRegCore
import Testing

/// Compiles only when the header declaration (as Swift imports it) and the export have exactly
/// the same type.
///
/// The parameters are metatypes on purpose. With plain values, `same<T>(_: T, _: T)`, the type
/// checker joins the two function types through a conversion, so an export that takes a
/// non-optional pointer where the header allows NULL, or returns `Int64` where the header says
/// `int32_t`, would still compile. Metatypes admit no conversions.
func same<T>(_ header: T.Type, _ export: T.Type) {}

/// Every function of swiftreg.h, checked against its export. Keep one call per line: the
/// coverage test below reads this file to find the names.
func checkEveryDeclaration() {
    // C has no nullability here: `const char *` imports as an optional. The exports return a
    // non-optional (the pointer is never NULL), which is ABI-identical; coerce to the header's type.
    same(type(of: CSwiftReg.sr_version), type(of: SwiftReg.sr_version as @Sendable () -> UnsafePointer<CChar>?))
    same(type(of: CSwiftReg.sr_status_string), type(of: SwiftReg.sr_status_string as @Sendable (sr_status) -> UnsafePointer<CChar>?))
    same(type(of: CSwiftReg.sr_last_error), type(of: SwiftReg.sr_last_error as @Sendable () -> UnsafePointer<CChar>?))
    same(type(of: CSwiftReg.sr_set_num_threads), type(of: SwiftReg.sr_set_num_threads))
    same(type(of: CSwiftReg.sr_get_num_threads), type(of: SwiftReg.sr_get_num_threads))

    same(type(of: CSwiftReg.sr_l1_loss_f64), type(of: SwiftReg.sr_l1_loss_f64))
    same(type(of: CSwiftReg.sr_l1_loss_f32), type(of: SwiftReg.sr_l1_loss_f32))
    same(type(of: CSwiftReg.sr_l1_loss_grad_f64), type(of: SwiftReg.sr_l1_loss_grad_f64))
    same(type(of: CSwiftReg.sr_l1_loss_grad_f32), type(of: SwiftReg.sr_l1_loss_grad_f32))
    same(type(of: CSwiftReg.sr_l1_loss_value_and_grad_f64), type(of: SwiftReg.sr_l1_loss_value_and_grad_f64))
    same(type(of: CSwiftReg.sr_l1_loss_value_and_grad_f32), type(of: SwiftReg.sr_l1_loss_value_and_grad_f32))
    same(type(of: CSwiftReg.sr_l2_loss_f64), type(of: SwiftReg.sr_l2_loss_f64))
    same(type(of: CSwiftReg.sr_l2_loss_f32), type(of: SwiftReg.sr_l2_loss_f32))
    same(type(of: CSwiftReg.sr_l2_loss_grad_f64), type(of: SwiftReg.sr_l2_loss_grad_f64))
    same(type(of: CSwiftReg.sr_l2_loss_grad_f32), type(of: SwiftReg.sr_l2_loss_grad_f32))
    same(type(of: CSwiftReg.sr_l2_loss_value_and_grad_f64), type(of: SwiftReg.sr_l2_loss_value_and_grad_f64))
    same(type(of: CSwiftReg.sr_l2_loss_value_and_grad_f32), type(of: SwiftReg.sr_l2_loss_value_and_grad_f32))
    same(type(of: CSwiftReg.sr_huber_loss_f64), type(of: SwiftReg.sr_huber_loss_f64))
    same(type(of: CSwiftReg.sr_huber_loss_f32), type(of: SwiftReg.sr_huber_loss_f32))
    same(type(of: CSwiftReg.sr_huber_loss_grad_f64), type(of: SwiftReg.sr_huber_loss_grad_f64))
    same(type(of: CSwiftReg.sr_huber_loss_grad_f32), type(of: SwiftReg.sr_huber_loss_grad_f32))
    same(type(of: CSwiftReg.sr_huber_loss_value_and_grad_f64), type(of: SwiftReg.sr_huber_loss_value_and_grad_f64))
    same(type(of: CSwiftReg.sr_huber_loss_value_and_grad_f32), type(of: SwiftReg.sr_huber_loss_value_and_grad_f32))

    same(type(of: CSwiftReg.sr_l1_penalty_f64), type(of: SwiftReg.sr_l1_penalty_f64))
    same(type(of: CSwiftReg.sr_l1_penalty_f32), type(of: SwiftReg.sr_l1_penalty_f32))
    same(type(of: CSwiftReg.sr_l1_penalty_grad_f64), type(of: SwiftReg.sr_l1_penalty_grad_f64))
    same(type(of: CSwiftReg.sr_l1_penalty_grad_f32), type(of: SwiftReg.sr_l1_penalty_grad_f32))
    same(type(of: CSwiftReg.sr_l2_penalty_f64), type(of: SwiftReg.sr_l2_penalty_f64))
    same(type(of: CSwiftReg.sr_l2_penalty_f32), type(of: SwiftReg.sr_l2_penalty_f32))
    same(type(of: CSwiftReg.sr_l2_penalty_grad_f64), type(of: SwiftReg.sr_l2_penalty_grad_f64))
    same(type(of: CSwiftReg.sr_l2_penalty_grad_f32), type(of: SwiftReg.sr_l2_penalty_grad_f32))
    same(type(of: CSwiftReg.sr_elastic_net_penalty_f64), type(of: SwiftReg.sr_elastic_net_penalty_f64))
    same(type(of: CSwiftReg.sr_elastic_net_penalty_f32), type(of: SwiftReg.sr_elastic_net_penalty_f32))
    same(type(of: CSwiftReg.sr_elastic_net_penalty_grad_f64), type(of: SwiftReg.sr_elastic_net_penalty_grad_f64))
    same(type(of: CSwiftReg.sr_elastic_net_penalty_grad_f32), type(of: SwiftReg.sr_elastic_net_penalty_grad_f32))

    same(type(of: CSwiftReg.sr_l1_prox_f64), type(of: SwiftReg.sr_l1_prox_f64))
    same(type(of: CSwiftReg.sr_l1_prox_f32), type(of: SwiftReg.sr_l1_prox_f32))
    same(type(of: CSwiftReg.sr_l2_prox_f64), type(of: SwiftReg.sr_l2_prox_f64))
    same(type(of: CSwiftReg.sr_l2_prox_f32), type(of: SwiftReg.sr_l2_prox_f32))
    same(type(of: CSwiftReg.sr_elastic_net_prox_f64), type(of: SwiftReg.sr_elastic_net_prox_f64))
    same(type(of: CSwiftReg.sr_elastic_net_prox_f32), type(of: SwiftReg.sr_elastic_net_prox_f32))

    same(type(of: CSwiftReg.sr_subgradient_step_f64), type(of: SwiftReg.sr_subgradient_step_f64))
    same(type(of: CSwiftReg.sr_subgradient_step_f32), type(of: SwiftReg.sr_subgradient_step_f32))
    same(type(of: CSwiftReg.sr_proximal_step_f64), type(of: SwiftReg.sr_proximal_step_f64))
    same(type(of: CSwiftReg.sr_proximal_step_f32), type(of: SwiftReg.sr_proximal_step_f32))


    same(type(of: CSwiftReg.sr_fit_options_init), type(of: SwiftReg.sr_fit_options_init))
    same(type(of: CSwiftReg.sr_fit_f64), type(of: SwiftReg.sr_fit_f64))
    same(type(of: CSwiftReg.sr_fit_f32), type(of: SwiftReg.sr_fit_f32))
    same(type(of: CSwiftReg.sr_path_f64), type(of: SwiftReg.sr_path_f64))
    same(type(of: CSwiftReg.sr_cv_path_f64), type(of: SwiftReg.sr_cv_path_f64))
    same(type(of: CSwiftReg.sr_cv_path_f32), type(of: SwiftReg.sr_cv_path_f32))
    same(type(of: CSwiftReg.sr_path_f32), type(of: SwiftReg.sr_path_f32))
    same(type(of: CSwiftReg.sr_enet_gap_f64), type(of: SwiftReg.sr_enet_gap_f64))
}

/// The package root, found from this file's path (Tests/SwiftRegTests/<this file>).
let packageRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// `text` without its /* */ and // comments.
func strippingComments(_ text: String) -> String {
    var out = ""
    var i = text.startIndex
    while i < text.endIndex {
        let rest = text[i...]
        if rest.hasPrefix("/*") {
            i = rest.range(of: "*/").map { $0.upperBound } ?? text.endIndex
            out += " "
        } else if rest.hasPrefix("//") {
            i = rest.firstIndex(of: "\n") ?? text.endIndex
        } else {
            out.append(text[i])
            i = text.index(after: i)
        }
    }
    return out
}

/// The names `name` in every match of `pattern`'s first capture group.
func captures(_ pattern: String, in text: String) throws -> [String] {
    let regex = try Regex(pattern)
    return text.matches(of: regex).compactMap { m in m.output[1].substring.map(String.init) }
}

@Suite("swiftreg.h agrees with the exports")
struct HeaderAgreementTests {
    @Test("every header function has the export's type (checked at compile time)")
    func types() {
        checkEveryDeclaration()
        #expect(sr_status.self == Int32.self)
    }

    @Test("the checks above cover exactly the sr_ functions swiftreg.h declares")
    func coverage() throws {
        let header = try String(contentsOfFile: packageRoot + "/Sources/CSwiftReg/include/swiftreg.h", encoding: .utf8)
        let declared = Set(try captures(#"\b(sr_[A-Za-z0-9_]+)\s*\("#, in: strippingComments(header)))
        #expect(declared.count >= 51, "parsed too few declarations from swiftreg.h: \(declared.sorted())")

        let source = try String(contentsOfFile: "\(#filePath)", encoding: .utf8)
        let lines = source.split(separator: "\n").map(String.init).filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("same(type(of: CSwiftReg.") }
        var checked: [String] = []
        for line in lines {
            let c = try captures(#"CSwiftReg\.(sr_[A-Za-z0-9_]+)"#, in: line)
            let s = try captures(#"SwiftReg\.(sr_[A-Za-z0-9_]+)"#, in: line.replacingOccurrences(of: "CSwiftReg.", with: ""))
            #expect(c.count == 1 && c == s, "a check must compare a header function with the export of the same name: \(line)")
            checked += c
        }
        #expect(Set(checked).count == checked.count, "duplicate checks: \(checked.sorted())")
        let missing = declared.subtracting(checked), extra = Set(checked).subtracting(declared)
        #expect(missing.isEmpty, "declared in swiftreg.h without a same(...) check: \(missing.sorted())")
        #expect(extra.isEmpty, "checked but not declared in swiftreg.h: \(extra.sorted())")
    }

    @Test("status codes are pinned: SR_OK ... SR_ERR_INTERRUPTED are 0 ... 12")
    func statusCodes() {
        let codes: [sr_status] = [
            SR_OK, SR_ERR_NULL_POINTER, SR_ERR_INVALID_LENGTH, SR_ERR_INVALID_ARGUMENT, SR_ERR_INVALID_REDUCTION,
            SR_ERR_INVALID_WEIGHT, SR_ERR_OVERLAP, SR_ERR_INVALID_DATA, SR_ERR_ALLOCATION, SR_ERR_CANCELLED,
            SR_ERR_INVALID_INDPTR, SR_ERR_INVALID_INDEX, SR_ERR_INTERRUPTED,
        ]
        #expect(codes == Array(0...12))
    }

    @Test("the general-model codes of swiftreg.h are the core's enum values")
    func modelCodes() {
        #expect([SR_LOSS_SQUARED, SR_LOSS_ABSOLUTE, SR_LOSS_QUANTILE, SR_LOSS_HUBER, SR_LOSS_HUBER_SCALED].map(Int.init)
            == [LossKind.squared, .absolute, .quantile, .huber, .huberScaled].map(\.rawValue))
        #expect([SR_PENALTY_NONE, SR_PENALTY_L1, SR_PENALTY_L2, SR_PENALTY_ELASTIC_NET].map(Int.init)
            == [PenaltyKind.none, .l1, .l2, .elasticNet].map(\.rawValue))
        #expect([SR_FIT_SOLVER_AUTO, SR_FIT_SOLVER_CD, SR_FIT_SOLVER_FISTA, SR_FIT_SOLVER_SUBGRADIENT,
                 SR_FIT_SOLVER_INTERIOR_POINT, SR_FIT_SOLVER_CHOLESKY].map(Int.init)
            == [ModelSolver.auto, .coordinateDescent, .fista, .subgradient, .interiorPoint, .cholesky].map(\.rawValue))
        #expect([SR_LAYOUT_COLUMN_MAJOR, SR_LAYOUT_ROW_MAJOR].map(Int.init)
            == [MatrixLayout.columnMajor, .rowMajor].map(\.rawValue))
        #expect(LossKind.allCases.count == 5 && PenaltyKind.allCases.count == 4 && ModelSolver.allCases.count == 6)
    }

    @Test("the structs have the documented layout: size first, 8-byte fields, no hidden padding")
    func structLayouts() {
        // Offsets as the header's field order gives them on LP64 (the Python bindings mirror
        // them and python/tests/test_abi_layout.py checks those against this header too).
        #expect(MemoryLayout<sr_problem_f64>.size == 88 && MemoryLayout<sr_problem_f32>.size == 88)
        #expect(MemoryLayout<sr_problem_f64>.offset(of: \.nnz) == 56 && MemoryLayout<sr_problem_f32>.offset(of: \.nnz) == 56)
        #expect(MemoryLayout<sr_problem_f64>.offset(of: \.indptr) == 64)
        #expect(MemoryLayout<sr_problem_f64>.offset(of: \.indices) == 72)
        #expect(MemoryLayout<sr_problem_f64>.offset(of: \.index_type) == 80)
        #expect(MemoryLayout<sr_problem_f64>.offset(of: \.size) == 0)
        #expect(MemoryLayout<sr_problem_f64>.offset(of: \.layout) == 24)
        #expect(MemoryLayout<sr_problem_f64>.offset(of: \.sample_weight) == 48)
        #expect(MemoryLayout<sr_fit_options>.size == 160)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.size) == 0)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.alpha) == 16)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.l1_factor) == 48)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.fit_intercept) == 80)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.max_iter) == 88)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.seed) == 112)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.warm_start) == 128)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.progress_context) == 144)
        #expect(MemoryLayout<sr_fit_options>.offset(of: \.interrupt) == 152)
        #expect(MemoryLayout<sr_fit_result_f64>.size == 72 && MemoryLayout<sr_fit_result_f32>.size == 72)
        #expect(MemoryLayout<sr_fit_result_f64>.offset(of: \.scale) == 64)
        #expect(MemoryLayout<sr_fit_result_f64>.offset(of: \.converged) == 56)
        #expect(MemoryLayout<sr_path_result_f64>.size == 80 && MemoryLayout<sr_path_result_f32>.size == 80)
        #expect(MemoryLayout<sr_path_result_f64>.offset(of: \.converged) == 72)
    }

    @Test("sr_fit_options_init fills the documented defaults and rejects a short size")
    func optionDefaults() {
        var o = sr_fit_options()
        #expect(SwiftReg.sr_fit_options_init(&o, Int64(MemoryLayout<sr_fit_options>.size)) == SR_OK)
        #expect(o.size == Int64(MemoryLayout<sr_fit_options>.size))
        #expect(o.loss == SR_LOSS_SQUARED && o.penalty == SR_PENALTY_L1 && o.solver == SR_FIT_SOLVER_AUTO)
        #expect(o.alpha == 1 && o.l1_ratio == 0.5 && o.delta == 1.35 && o.quantile == 0.5)
        #expect(o.fit_intercept == 1 && o.max_iter == 1000 && o.tol == 1e-4 && o.warm_start == 0)
        #expect(o.l1_factor == nil && o.l2_factor == nil && o.lower_bounds == nil && o.upper_bounds == nil && o.progress == nil)
        #expect(o.interrupt == nil)
        #expect(SwiftReg.sr_fit_options_init(&o, 8) == SR_ERR_INVALID_ARGUMENT)
        // The struct of a header before `interrupt`: accepted, and only its 152 bytes written.
        var old = sr_fit_options()
        let sentinel = UnsafePointer<Int32>(bitPattern: 0x1000)
        old.interrupt = sentinel
        #expect(SwiftReg.sr_fit_options_init(&old, 152) == SR_OK)
        #expect(old.size == 152 && old.alpha == 1 && old.max_iter == 1000 && old.interrupt == sentinel)
        #expect(SwiftReg.sr_fit_options_init(&old, 144) == SR_ERR_INVALID_ARGUMENT)
        #expect(SwiftReg.sr_fit_options_init(nil, 152) == SR_ERR_NULL_POINTER)
    }

    @Test("reduction codes: SR_REDUCTION_NONE, SUM, MEAN are 0, 1, 2")
    func reductionCodes() {
        #expect([SR_REDUCTION_NONE, SR_REDUCTION_SUM, SR_REDUCTION_MEAN] == [0, 1, 2])
    }

    @Test("the version macros agree with each other and with sr_version()")
    func version() {
        #expect(SR_VERSION_STRING == "\(SR_VERSION_MAJOR).\(SR_VERSION_MINOR).\(SR_VERSION_PATCH)")
        #expect(String(cString: SwiftReg.sr_version()) == SR_VERSION_STRING)
        // Static storage: the same pointer every time.
        #expect(SwiftReg.sr_version() == SwiftReg.sr_version())
    }
}

import CSwiftReg

/// sr_status_string: one static C string per pinned status.
enum StatusText {
    nonisolated(unsafe) static let table: [UnsafePointer<CChar>] = [
        "SR_OK: success",
        "SR_ERR_NULL_POINTER: a required pointer is NULL while its length is > 0",
        "SR_ERR_INVALID_LENGTH: a length is negative",
        "SR_ERR_INVALID_ARGUMENT: a hyperparameter is out of range, NaN or infinite",
        "SR_ERR_INVALID_REDUCTION: reduction is not none (0), sum (1) or mean (2)",
        "SR_ERR_INVALID_WEIGHT: a sample weight is negative, NaN or infinite",
        "SR_ERR_OVERLAP: an output partially overlaps an input or another output",
        "SR_ERR_INVALID_DATA: a data array holds NaN or Inf where finite values are needed",
        "SR_ERR_ALLOCATION: working memory could not be allocated",
        "SR_ERR_CANCELLED: cancelled by the progress callback",
        "SR_ERR_INVALID_INDPTR: a sparse X's indptr is not 0 = indptr[0] <= ... <= indptr[n_features] = nnz",
        "SR_ERR_INVALID_INDEX: a sparse X's row index is outside [0, n_samples) or repeated within a column",
        "SR_ERR_INTERRUPTED: stopped because the caller's interrupt flag was set",
    ].map(cString)
    nonisolated(unsafe) static let unknown = cString("unknown swiftreg status")

    static func `for`(_ status: Int32) -> UnsafePointer<CChar> {
        status >= 0 && Int(status) < table.count ? table[Int(status)] : unknown
    }

    private static func cString(_ s: String) -> UnsafePointer<CChar> {
        let bytes = Array(s.utf8CString)
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        p.initialize(from: bytes, count: bytes.count)
        return UnsafePointer(p)
    }
}

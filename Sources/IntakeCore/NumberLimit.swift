/// The largest whole number a flow or an answer may hold, either sign. Expressions have at most
/// `ExpressionParser.maximumOperators` operators, so no sum or difference of such numbers can come
/// near Int's range: arithmetic never overflows, and never has to stand for "unknown".
package enum NumberLimit {
    /// 1,000,000,000: far past any age, count or number of days a flow asks for.
    package static let magnitude = 1_000_000_000
    /// The limit as it is written in messages.
    package static let text = "1,000,000,000"
}

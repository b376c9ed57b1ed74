// Made by scripts/shipped-flows from flows/*.yaml; do not edit by hand.

/// The flow and translation files this intake ships, by the SHA-256 of their bytes: a file with
/// one of these hashes is "shipped with intake" and needs no approval; any other byte is not.
public enum ShippedFlows {
    /// SHA-256 (hex) → file name.
    public static let sha256: [String: String] = [
        "423a2a3fcac25d73a292d8d91d08f6931dd79ab4de7162bd7f941febcc4714a8": "initial-response.cy.yaml",
        "db58da564e9e9b08390cedde93bd4886fe3c2d80c1022b1f2f695e23adc40599": "initial-response.yaml",
        "d29cdc8826107046a18480107dddde56c1f0b78d19519287577735a2e598cdea": "school-incident.cy.yaml",
        "da223f08f115887f3106ad04010fed52810adadc6fad5babfd2d36629e796d02": "school-incident.yaml",
        "f0eab22d754dd4efe4a1f4e1549751349670f06157e1a177023a7bea64e44f4b": "supervisor-review.cy.yaml",
        "679ace10ad9efd5727911f16d78a273b986237b3699ebc62b2aae693ebf48228": "supervisor-review.yaml",
    ]
}

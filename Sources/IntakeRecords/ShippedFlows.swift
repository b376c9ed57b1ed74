// Made by scripts/shipped-flows from flows/*.yaml and scripts/shipped-releases.txt; do not edit by hand.

/// The flow and translation files intake ships, by the SHA-256 of their bytes: a file with one of
/// these hashes is "shipped with intake" and needs no approval; any other byte is not.
package enum ShippedFlows {
    /// SHA-256 (hex) → the file and the intake release that shipped it.
    package static let sha256: [String: (file: String, release: String)] = [
        "791d897c016911e2cda2d5b2db590f3e31a204576bba14b5cc69394c3faf5d79": ("initial-response.cy.yaml", "0.17.1"),
        "6f089bdde698a0f33901933b162be488900159549f78a8392a13cd5465787ed7": ("initial-response.yaml", "0.17.1"),
        "d29cdc8826107046a18480107dddde56c1f0b78d19519287577735a2e598cdea": ("school-incident.cy.yaml", "0.17.1"),
        "3ddb6b60f9d5519dba80266c424d38d637a8a4e2b1f4451bf4c4b1f1ac79db71": ("school-incident.yaml", "0.17.1"),
        "80ad9810dc47620aed817c4a08aa97502940f476288f6450ff34d9b108e4fc49": ("supervisor-review.cy.yaml", "0.17.1"),
        "07376f2f69603cf07648a142f8f68474004b164427d7b9b003deb87106f4b8d2": ("supervisor-review.yaml", "0.17.1"),
        "679ace10ad9efd5727911f16d78a273b986237b3699ebc62b2aae693ebf48228": ("supervisor-review.yaml", "0.17.0"),
        "f0eab22d754dd4efe4a1f4e1549751349670f06157e1a177023a7bea64e44f4b": ("supervisor-review.cy.yaml", "0.17.0"),
        "f4118dd95b4701c7c0e2d525d1f02a6bff79502e7a28325ccccaa92dbf3dac83": ("initial-response.yaml", "0.17.0"),
        "da223f08f115887f3106ad04010fed52810adadc6fad5babfd2d36629e796d02": ("school-incident.yaml", "0.16.0"),
        "afa1adff82beb158370328cb5e0d06ad0ee126aeaf4545b6d35fba5ddc5d769f": ("initial-response.yaml", "0.16.0"),
        "fbcfcca0f7623d888be85399e3fb4b54c1605a26bf192a77d3a9589b5a0c3a81": ("initial-response.yaml", "0.15.0"),
        "3a9b85cb2e01f2a65dfcaf8c5699c0573aa826ed7facea1f688c6407fed62dfc": ("initial-response.cy.yaml", "0.15.0"),
        "db58da564e9e9b08390cedde93bd4886fe3c2d80c1022b1f2f695e23adc40599": ("initial-response.yaml", "0.14.0"),
        "423a2a3fcac25d73a292d8d91d08f6931dd79ab4de7162bd7f941febcc4714a8": ("initial-response.cy.yaml", "0.14.0"),
        "6942b5a6d6b5b900a24dcc1b43cc7152aa112a4bf92a7e332ed2fb3243466270": ("supervisor-review.cy.yaml", "0.13.0"),
        "23e23146af2329d602e963fc9e97a3dda858dd322139068bcb99f92ef6d3c33b": ("supervisor-review.yaml", "0.13.0"),
        "443c65daca1672de9beceaaf105ba30c827598e7f8cfbf255c0969f53fc5216b": ("school-incident.cy.yaml", "0.13.0"),
        "aeb37f21ab280acefeeb723fb94936d1b7fc0927add4a93f4f7faffe8ca6646f": ("school-incident.yaml", "0.13.0"),
        "a1b9acf56085ade6ffbb0c47c08cd8104066be07bb679cdc0baa0cb8e51159b2": ("initial-response.cy.yaml", "0.13.0"),
        "d30cc7fdccebdd01bd60d8ea3d112458fbfc1a17638048ca09149a8f02ac7f4e": ("initial-response.yaml", "0.13.0"),
    ]
}

// swift-tools-version:6.0
// libFuzzer harnesses for the parsers that read outside input: templates, form JSON, periods,
// department XLSX forms.
// Built with `-sanitize=fuzzer,address`; see scripts/fuzz. A package of its own so that the main
// build never carries the sanitizer flags.
import PackageDescription

let package = Package(
    name: "BBTFuzz",
    dependencies: [.package(name: "BaoBiaoTong", path: "..")],
    targets: [
        .executableTarget(name: "FuzzTemplates", dependencies: [.product(name: "BBTTemplates", package: "BaoBiaoTong")]),
        .executableTarget(name: "FuzzJSON", dependencies: [.product(name: "BBTEngine", package: "BaoBiaoTong"),
                                                          .product(name: "BBTNumber", package: "BaoBiaoTong"),
                                                          .product(name: "BBTTemplates", package: "BaoBiaoTong")]),
        .executableTarget(name: "FuzzXLSX", dependencies: [.product(name: "BBTImport", package: "BaoBiaoTong"),
                                                          .product(name: "BBTSheet", package: "BaoBiaoTong"),
                                                          .product(name: "BBTTemplates", package: "BaoBiaoTong"),
                                                          .product(name: "BBTXLSX", package: "BaoBiaoTong")]),
    ]
)

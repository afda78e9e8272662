/// Where a template file may be: a relative path inside the templates folder, ending in `.bbt`,
/// with no `..`, no empty or `.` segment, no backslash, at most 200 characters. Checked before a set
/// of files sent to the service is compiled or stored.
public enum TemplatePath {
    /// The problem with `path`, in Chinese, or `nil`.
    public static func problem(_ path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard path.hasSuffix(".bbt"), !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
              !path.contains("\\"), path.count <= 200 else {
            return "路径应为相对路径, 以 .bbt 结尾, 不含 \"..\""
        }
        return nil
    }
}

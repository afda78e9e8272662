import ArgumentParser
import BBTEngine
import BBTOffline
import BBTTemplates

/// Reads a templates folder (or file) for a command; a missing one is a usage error (exit 2).
func loadTemplateSources(_ directory: String) throws -> TemplateSources {
    do {
        return try TemplateLoader.load(directory)
    } catch {
        throw Console.usage("\(error)")
    }
}

/// Compiles a templates folder for a command; problems are printed, errors end it with exit 1.
func compileTemplates(_ directory: String) throws -> Catalog {
    let compilation = Compiler.compile(try loadTemplateSources(directory))
    printDiagnostics(compilation)
    if compilation.hasErrors { throw ExitCode(1) }
    return compilation.catalog
}

/// Reads the units CSV for a command; problems are printed with their lines and end it with exit 1.
func loadUnits(_ path: String) throws -> UnitTree {
    switch UnitsFile.load(path) {
    case .success(let tree): return tree
    case .failure(.unreadable(let message)): throw Console.usage(message)
    case .failure(.invalid(let messages)):
        for m in messages { Console.error(m) }
        throw ExitCode(1)
    }
}

import ArgumentParser
import IntakeRecords
import IntakeCore

/// Reports a flow or answers problem with its locations and ends with exit code 1.
func fail(_ error: FlowError) -> ExitCode {
    printError(error.description)
    return ExitCode(Exit.invalidInput)
}


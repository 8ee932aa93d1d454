/// `word` as a POSIX shell reads it back whole: unchanged when it holds
/// only characters no shell treats specially, else in single quotes (a
/// quote inside written `'\''`), so that a command printed for a person
/// to paste runs on the path they gave.
func shellQuoted(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy { scalar in
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._-+,:@%=".unicodeScalars.contains(scalar))
    }
    if plain, !word.isEmpty { return word }
    return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
}

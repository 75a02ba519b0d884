// The mobile binding from Kotlin/JVM: the generated uniffi Kotlin code against the compiled
// library, checked on the shared vectors (tests/vectors/rounds.json) and the API's behaviour.
// Kotlin has no test runner here: prints `kotlin: N passed, M failed` and exits 1 on a failure.
import uniffi.kingpin_mobile.*
import java.io.File
import java.math.BigDecimal

// A minimal JSON reader for the test data (Kotlin's standard library has none).
class Json(private val s: String) {
    private var i = 0
    fun parse(): Any? { val v = value(); ws(); require(i == s.length) { "trailing text at $i" }; return v }
    private fun ws() { while (i < s.length && s[i].isWhitespace()) i++ }
    private fun value(): Any? {
        ws()
        return when (s[i]) {
            '{' -> { i++; val m = LinkedHashMap<String, Any?>(); ws()
                if (s[i] == '}') { i++; return m }
                while (true) { ws(); val k = str(); ws(); require(s[i++] == ':'); m[k] = value(); ws()
                    if (s[i++] == '}') break }
                m }
            '[' -> { i++; val l = ArrayList<Any?>(); ws()
                if (s[i] == ']') { i++; return l }
                while (true) { l.add(value()); ws(); if (s[i++] == ']') break }
                l }
            '"' -> str()
            't' -> { i += 4; true }
            'f' -> { i += 5; false }
            'n' -> { i += 4; null }
            else -> { val st = i; while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
                BigDecimal(s.substring(st, i)).stripTrailingZeros() }
        }
    }
    private fun str(): String {
        require(s[i++] == '"'); val b = StringBuilder()
        while (true) {
            val c = s[i++]
            when (c) {
                '"' -> return b.toString()
                '\\' -> when (val e = s[i++]) {
                    'n' -> b.append('\n'); 't' -> b.append('\t'); 'r' -> b.append('\r')
                    'b' -> b.append('\b'); 'f' -> b.append('\u000c')
                    'u' -> { b.append(s.substring(i, i + 4).toInt(16).toChar()); i += 4 }
                    else -> b.append(e)
                }
                else -> b.append(c)
            }
        }
    }
}

// JSON text of a parsed value, for passing inputs back to the library.
fun dump(v: Any?): String = when (v) {
    null -> "null"
    is String -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
    is Map<*, *> -> v.entries.joinToString(",", "{", "}") { dump(it.key) + ":" + dump(it.value) }
    is List<*> -> v.joinToString(",", "[", "]") { dump(it) }
    is BigDecimal -> v.toPlainString()
    else -> v.toString()
}

var passed = 0
var failed = 0
fun check(name: String, ok: Boolean) {
    if (ok) passed++ else { failed++; System.err.println("FAILED: $name") }
}
fun checkThrows(name: String, block: () -> Unit, pred: (Throwable) -> Boolean) {
    try { block(); check("$name (no exception)", false) } catch (e: Throwable) { check("$name: $e", pred(e)) }
}
// One shared-vector case: `run` returns JSON equal to `expected`, or throws the `expected_error`
// (its kind, where uniffi's Kotlin names end in Exception: SeedError -> SeedException, and message).
fun checkVector(c: Map<String, Any?>, run: () -> String) {
    val name = c["name"] as String
    if (c.containsKey("expected")) {
        check(name, Json(run()).parse() == c["expected"])
    } else {
        @Suppress("UNCHECKED_CAST")
        val err = c["expected_error"] as Map<String, Any?>
        val kotlinName = (err["kind"] as String).replace(Regex("Error$"), "Exception")
        checkThrows(name, { run() }) { e -> e is KingpinException && e.javaClass.simpleName == kotlinName && e.message == err["message"] }
    }
}

fun main(args: Array<String>) {
    @Suppress("UNCHECKED_CAST")
    val vectors = Json(File(args[0]).readText()).parse() as Map<String, Any?>

    for (c in vectors["rounds"] as List<Map<String, Any?>>) {
        checkVector(c) {
            verify(c["game"] as String, dump(c["config"]), dump(c["bet"]), dump(c["actions"]),
                c["server_seed"] as String, c["client_seed"] as String, (c["nonce"] as BigDecimal).toLong().toULong())
        }
    }
    val covered = (vectors["rounds"] as List<Map<String, Any?>>).filter { it.containsKey("expected") }.map { it["game"] }.toSet()
    check("every catalog game has a vector", games().all { it in covered })

    for (c in vectors["commitments"] as List<Map<String, Any?>>) {
        check("commitment ${c["server_seed"]}", commitment(c["server_seed"] as String) == c["expected"])
    }
    for (c in vectors["crash_chains"] as List<Map<String, Any?>>) {
        @Suppress("UNCHECKED_CAST")
        val expected = c["expected"] as Map<String, Any?>
        val length = (c["length"] as BigDecimal).toLong().toULong()
        val chain = crashChain(c["seed_hash"] as String, length)
        check("crash chain", chain == expected["chain"])
        chain.drop(1).forEachIndexed { i, h ->
            val r = crashVerify(h, chain[0], c["salt"] as String, c["edge"] as String, c["formula"] as String, length)
            check("crash game ${i + 1}", r == CrashCheck((i + 1).toULong(), (expected["crash_points"] as List<*>)[i] as String))
        }
    }

    for (c in vectors["hands"] as List<Map<String, Any?>>) {
        check("hand ${c["cards"]}", Json(evaluateHand(c["cards"] as String)).parse() == c["expected"])
    }

    for (c in vectors["hand_decks"] as List<Map<String, Any?>>) {
        val seeds = (c["client_seeds"] as List<List<Any?>>).map { SeatSeed((it[0] as BigDecimal).toLong(), it[1] as String) }
        checkVector(c) { verifyHandDeck(c["server_seed"] as String, seeds, (c["nonce"] as BigDecimal).toLong().toULong()) }
    }

    // Practice play: commit, play, reveal, verify.
    val bet = """{"stake": 100, "params": {"target": "50", "condition": "over"}}"""
    PracticeSession("kotlin seed").use { p ->
        val c = p.commitment()
        val rounds = (0 until 3).map { p.play("dice", "{}", bet, "[]") }
        check("nonce moves on", p.nonce() == 3UL)
        checkThrows("bad bet refused", { p.play("dice", "{}", """{"stake": 1, "params": {"target": "150", "condition": "over"}}""", "[]") }) { it is KingpinException.InvalidBet }
        check("nonce unchanged by a refused bet", p.nonce() == 3UL)
        @Suppress("UNCHECKED_CAST")
        val revealed = Json(p.reveal()).parse() as Map<String, Any?>
        val seed = revealed["server_seed"] as String
        check("commitment verifies", verifyCommitment(seed, c))
        rounds.forEachIndexed { n, r -> check("practice round $n verifies", verify("dice", "{}", bet, "[]", seed, "kotlin seed", n.toULong()) == r) }
        checkThrows("revealed session refuses play", { p.play("dice", "{}", bet, "[]") }) { it is KingpinException.SessionRevealed }
    }
    check("royal flush", (Json(evaluateHand("Ah Kh Qh Jh Th 2c 3d")).parse() as Map<*, *>)["description"] == "royal flush")
    checkThrows("repeated card", { evaluateHand("Ah Ah Kh Qh Jh") }) { it is KingpinException.InvalidBet }
    val flop = Json(pokerEquity(listOf("Ah Ad", "Kh Kd"), "2c 3c 4s", "", null, 0UL)).parse() as Map<*, *>
    check("exact equity enumerates 990 boards", (flop["boards"] as Number).toLong() == 990L && flop["exact"] == true)
    val shares = (flop["players"] as List<*>).sumOf { ((it as Map<*, *>)["equity"] as Number).toDouble() }
    check("equities sum to 1", Math.abs(shares - 1.0) < 1e-12)
    val mc = pokerEquity(listOf("Ah Ad", "Kh Kd"), "2c 3c 4s", "", 20_000UL, 9UL)
    check("Monte Carlo equity is reproducible", mc == pokerEquity(listOf("Ah Ad", "Kh Kd"), "2c 3c 4s", "", 20_000UL, 9UL))
    checkThrows("zero trials refused", { pokerEquity(listOf("Ah Ad", "Kh Kd"), "", "", 0UL, 0UL) }) { it is KingpinException.InvalidBet }
    check("fresh seeds", newServerSeed().length == 64 && newClientSeed().length == 32)

    println("kotlin: $passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}

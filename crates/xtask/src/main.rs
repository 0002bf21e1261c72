fn main() {
    eprintln!("usage: cargo xtask serve | test | dist | bench");
    std::process::exit(2);
}

fn main() { println!("proxy"); }

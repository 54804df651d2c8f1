fn main() { println!("ffly"); }

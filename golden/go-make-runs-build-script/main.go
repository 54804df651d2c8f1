package main

func main() { println("notifier") }

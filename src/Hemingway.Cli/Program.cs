using System.CommandLine;
var root = new RootCommand("hemingway");
return root.Parse(args).Invoke();

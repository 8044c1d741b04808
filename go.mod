module github.com/chujing/chujing

go 1.26
